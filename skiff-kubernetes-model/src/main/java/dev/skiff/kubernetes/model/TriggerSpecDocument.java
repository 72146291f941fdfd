package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.skiff.api.Destination;
import dev.skiff.api.FieldError;
import dev.skiff.api.Trigger;
import dev.skiff.api.TriggerFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Trigger's spec as written on the cluster: skiff-api's {@link Trigger.TriggerSpec} plus the names
 * older resources used, {@code function} for {@code subscriber.function} and the {@code filter} map
 * for one {@code exact} filter; its delivery may still say {@code deadLetterFunction}.
 *
 * @param broker the broker it listens to
 * @param topic the topic it listens to
 * @param filters every one must match
 * @param subscriber the function events go to
 * @param delivery retries, backoff, dead-letter sink and ordering
 * @param filter deprecated: read as {@code filters: [{exact: ...}]}
 * @param function deprecated: read as {@code subscriber: {function: ...}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerSpecDocument(String broker, String topic, List<TriggerFilter> filters, Destination subscriber,
                                  DeliveryDocument delivery,
                                  @JsonPropertyDescription("Deprecated alias of filters: [{exact: ...}].")
                                  Map<String, String> filter,
                                  @JsonPropertyDescription("Deprecated alias of subscriber.function.")
                                  String function) implements SpecDocument<Trigger.TriggerSpec> {

    /** The document of {@code spec}, in current names. */
    public static TriggerSpecDocument of(Trigger.TriggerSpec spec) {
        return new TriggerSpecDocument(spec.broker(), spec.topic(), spec.filters(), spec.subscriber(),
                DeliveryDocument.of(spec.delivery()), null, null);
    }

    @Override
    public Trigger.TriggerSpec spec() {
        return new Trigger.TriggerSpec(broker, topic, filters != null || filter == null ? filters : exact(filter),
                OldNames.destination(subscriber, function), delivery == null ? null : delivery.spec());
    }

    @Override
    public List<FieldError> conflicts() {
        List<FieldError> errors = new ArrayList<>();
        if (filters != null && filter != null && !filter.equals(TriggerFilters.exactOnly(filters))) {
            errors.add(new FieldError("spec.filters", "ask other than the deprecated spec.filter " + filter
                    + " (read as one exact filter): set only spec.filters"));
        }
        OldNames.check(subscriber, "spec.subscriber", function, "spec.function", errors);
        if (delivery != null) {
            delivery.conflicts("spec.delivery", errors);
        }
        return errors;
    }

    /** The old map as filters: one exact filter holding it all, or none for an empty map. */
    private static List<TriggerFilter> exact(Map<String, String> filter) {
        return filter.isEmpty() ? List.of() : List.of(new TriggerFilter(new LinkedHashMap<>(filter), null, null));
    }
}

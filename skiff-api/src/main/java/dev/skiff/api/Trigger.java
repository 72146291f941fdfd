package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A trigger, as Knative Eventing's: the events of one broker (or one topic) that pass every filter
 * go to a function, in the order the broker accepted them.
 *
 * @param spec what it listens to, what it keeps, where it sends it and how
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trigger(String apiVersion, String kind, ObjectMeta metadata, TriggerSpec spec, EventingStatus status)
        implements EventingResource {
    /** The kind of a trigger resource. */
    public static final String KIND = "Trigger";

    /** A trigger of this name and spec. */
    public static Trigger of(String name, TriggerSpec spec) {
        return new Trigger(Function.API_VERSION, KIND, ObjectMeta.named(name), spec, null);
    }

    /**
     * A trigger's spec.
     *
     * @param broker the broker it listens to (or {@code topic})
     * @param topic the topic it listens to (or {@code broker})
     * @param filters every one must match; none keeps every event
     * @param subscriber the function events go to
     * @param delivery retries, backoff and dead-letter sink; unset fields come from the broker's, then Knative's defaults
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TriggerSpec(String broker, String topic, List<TriggerFilter> filters, Destination subscriber,
                              DeliverySpec delivery) {}

    /** This trigger with another spec. */
    public Trigger withSpec(TriggerSpec newSpec) {
        return new Trigger(apiVersion, kind, metadata, newSpec, status);
    }

    /** This trigger with another status. */
    public Trigger withStatus(EventingStatus newStatus) {
        return new Trigger(apiVersion, kind, metadata, spec, newStatus);
    }
}

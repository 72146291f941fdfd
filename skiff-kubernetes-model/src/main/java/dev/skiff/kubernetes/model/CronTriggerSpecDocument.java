package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.skiff.api.CronTrigger;
import dev.skiff.api.Destination;
import dev.skiff.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A CronTrigger's spec as written on the cluster: skiff-api's {@link CronTrigger.CronTriggerSpec}
 * plus {@code function}, the name older resources gave {@code sink.function}.
 *
 * @param schedule five-field Unix cron
 * @param timezone an IANA zone; default UTC
 * @param contentType the media type of {@code data}; default {@code application/json}
 * @param data the event's data, sent on every tick
 * @param sink the function that receives it
 * @param function deprecated: read as {@code sink: {function: ...}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CronTriggerSpecDocument(String schedule, String timezone, String contentType, String data, Destination sink,
                                      @JsonPropertyDescription("Deprecated alias of sink.function.")
                                      String function) implements SpecDocument<CronTrigger.CronTriggerSpec> {

    /** The document of {@code spec}, in current names. */
    public static CronTriggerSpecDocument of(CronTrigger.CronTriggerSpec spec) {
        return new CronTriggerSpecDocument(spec.schedule(), spec.timezone(), spec.contentType(), spec.data(), spec.sink(), null);
    }

    @Override
    public CronTrigger.CronTriggerSpec spec() {
        return new CronTrigger.CronTriggerSpec(schedule, timezone, contentType, data, OldNames.destination(sink, function));
    }

    @Override
    public List<FieldError> conflicts() {
        List<FieldError> errors = new ArrayList<>();
        OldNames.check(sink, "spec.sink", function, "spec.function", errors);
        return errors;
    }
}

package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A cron trigger, as Knative's {@code PingSource}: on every tick of a Unix cron schedule, in a time
 * zone, it sends a fixed event to a function.
 *
 * @param spec the schedule and what it sends where
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CronTrigger(String apiVersion, String kind, ObjectMeta metadata, CronTriggerSpec spec,
                          EventingStatus status) implements EventingResource {
    /** The kind of a cron trigger resource. */
    public static final String KIND = "CronTrigger";

    /** A cron trigger of this name and spec. */
    public static CronTrigger of(String name, CronTriggerSpec spec) {
        return new CronTrigger(Function.API_VERSION, KIND, ObjectMeta.named(name), spec, null);
    }

    /**
     * A cron trigger's spec.
     *
     * @param schedule five-field Unix cron, e.g. {@code *}{@code /5 * * * *}
     * @param timezone an IANA zone such as {@code Europe/Warsaw}; default UTC
     * @param contentType the media type of {@code data}; default {@code application/json}
     * @param data the event's data, sent on every tick
     * @param sink the function that receives it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CronTriggerSpec(String schedule, String timezone, String contentType, String data, Destination sink) {}

    /** This cron trigger with another spec. */
    public CronTrigger withSpec(CronTriggerSpec newSpec) {
        return new CronTrigger(apiVersion, kind, metadata, newSpec, status);
    }

    /** This cron trigger with another status. */
    public CronTrigger withStatus(EventingStatus newStatus) {
        return new CronTrigger(apiVersion, kind, metadata, spec, newStatus);
    }
}

package dev.skiff.api;

import java.time.Duration;

/** Fills what a user left out of eventing resources, with Knative's broker defaults; run before {@link EventingValidation}. */
public final class EventingDefaults {
    /** Knative's broker: 10 retries after the first try. */
    public static final int RETRY = 10;
    /** Knative's broker: exponential backoff. */
    public static final String BACKOFF_POLICY = DeliverySpec.EXPONENTIAL;
    /** Knative's broker: 0.2 s. */
    public static final String BACKOFF_DELAY = "PT0.2S";
    /** A trigger keeps its stream's order unless it says otherwise (Knative's Kafka broker defaults to unordered). */
    public static final String ORDERING = DeliverySpec.ORDERED;
    /** Events an unordered trigger has in flight unless it says otherwise. */
    public static final int MAX_IN_FLIGHT = 32;
    /** A cron trigger's zone unless it names one. */
    public static final String TIMEZONE = "UTC";
    /** A cron trigger's data type unless it names one. */
    public static final String CONTENT_TYPE = "application/json";

    private EventingDefaults() {}

    /**
     * A trigger's {@code delivery} with every unset field taken from {@code inherited} (its broker's or
     * topic's), then from Knative's defaults; the ordering is the trigger's own, {@code ordered} unless
     * it says otherwise, with one event in flight when ordered and {@link #MAX_IN_FLIGHT} when not.
     */
    public static DeliverySpec delivery(DeliverySpec delivery, DeliverySpec inherited) {
        DeliverySpec own = delivery == null ? new DeliverySpec(null, null, null, null) : delivery;
        DeliverySpec base = inherited == null ? new DeliverySpec(RETRY, BACKOFF_POLICY, BACKOFF_DELAY, null) : inherited;
        String ordering = first(own.ordering(), ORDERING);
        int maxInFlight = DeliverySpec.ORDERED.equals(ordering) ? 1 : first(own.maxInFlight(), MAX_IN_FLIGHT);
        return new DeliverySpec(
                first(own.retry(), base.retry(), RETRY),
                first(own.backoffPolicy(), base.backoffPolicy(), BACKOFF_POLICY),
                first(own.backoffDelay(), base.backoffDelay(), BACKOFF_DELAY),
                own.deadLetterSink() != null ? own.deadLetterSink() : base.deadLetterSink(),
                ordering, maxInFlight);
    }

    /** The cron spec with its zone and content type set. */
    public static CronTrigger.CronTriggerSpec cron(CronTrigger.CronTriggerSpec spec) {
        if (spec == null) {
            return null;
        }
        return new CronTrigger.CronTriggerSpec(spec.schedule(),
                spec.timezone() == null || spec.timezone().isBlank() ? TIMEZONE : spec.timezone(),
                spec.contentType() == null || spec.contentType().isBlank() ? CONTENT_TYPE : spec.contentType(),
                spec.data(), spec.sink());
    }

    /** The wait before retry number {@code retry} (1 for the first retry) under a defaulted delivery spec. */
    public static Duration backoff(DeliverySpec delivery, int retry) {
        Duration base = Duration.parse(delivery.backoffDelay());
        long factor = DeliverySpec.LINEAR.equals(delivery.backoffPolicy()) ? retry : 1L << Math.min(retry - 1, 30);
        return base.multipliedBy(factor);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}

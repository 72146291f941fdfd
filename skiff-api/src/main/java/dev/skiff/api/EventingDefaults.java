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
    /** A cron trigger's zone unless it names one. */
    public static final String TIMEZONE = "UTC";
    /** A cron trigger's data type unless it names one. */
    public static final String CONTENT_TYPE = "application/json";

    private EventingDefaults() {}

    /** {@code delivery} with every unset field taken from {@code inherited}, then from Knative's defaults. */
    public static DeliverySpec delivery(DeliverySpec delivery, DeliverySpec inherited) {
        DeliverySpec own = delivery == null ? new DeliverySpec(null, null, null, null) : delivery;
        DeliverySpec base = inherited == null ? new DeliverySpec(RETRY, BACKOFF_POLICY, BACKOFF_DELAY, null) : inherited;
        return new DeliverySpec(
                first(own.retry(), base.retry(), RETRY),
                first(own.backoffPolicy(), base.backoffPolicy(), BACKOFF_POLICY),
                first(own.backoffDelay(), base.backoffDelay(), BACKOFF_DELAY),
                own.deadLetterSink() != null ? own.deadLetterSink() : base.deadLetterSink());
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

package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a trigger delivers, as Knative's {@code DeliverySpec}: how often a failed delivery is retried,
 * how long it waits between tries, and where an event goes once every try failed; for a trigger
 * also whether it keeps the stream's order, as Knative's Kafka broker's
 * {@code kafka.eventing.knative.dev/delivery.order} annotation.
 *
 * @param retry retries after the first try (Knative's broker default: 10)
 * @param backoffPolicy {@code exponential} (delay × 2^n before the n-th retry) or {@code linear} (delay × n)
 * @param backoffDelay the base delay, an ISO-8601 duration such as {@code PT0.2S}
 * @param deadLetterSink a function that receives what could not be delivered; Skiff's dead-letter store keeps it either way
 * @param ordering triggers only: {@code ordered} (one event in flight, in the stream's order; the default) or
 *                 {@code unordered} (up to {@code maxInFlight} at once, in any order)
 * @param maxInFlight triggers only: the most events an {@code unordered} trigger has in flight (default 32); 1 when ordered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliverySpec(Integer retry, String backoffPolicy, String backoffDelay, Destination deadLetterSink,
                           String ordering, Integer maxInFlight) {
    /** Exponential backoff. */
    public static final String EXPONENTIAL = "exponential";
    /** Linear backoff. */
    public static final String LINEAR = "linear";
    /** One event in flight at a time, in the stream's order. */
    public static final String ORDERED = "ordered";
    /** Up to {@code maxInFlight} events in flight at once, finishing in any order. */
    public static final String UNORDERED = "unordered";

    /** Retries, backoff and dead-letter sink only, as brokers and topics have. */
    public DeliverySpec(Integer retry, String backoffPolicy, String backoffDelay, Destination deadLetterSink) {
        this(retry, backoffPolicy, backoffDelay, deadLetterSink, null, null);
    }

    /** True when this delivery keeps more than the stream's order allows: {@code ordering: unordered}. */
    public boolean unordered() {
        return UNORDERED.equals(ordering);
    }
}

package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a trigger delivers, as Knative's {@code DeliverySpec}: how often a failed delivery is retried,
 * how long it waits between tries, and where an event goes once every try failed.
 *
 * @param retry retries after the first try (Knative's broker default: 10)
 * @param backoffPolicy {@code exponential} (delay × 2^n before the n-th retry) or {@code linear} (delay × n)
 * @param backoffDelay the base delay, an ISO-8601 duration such as {@code PT0.2S}
 * @param deadLetterSink a function that receives what could not be delivered; Skiff's dead-letter store keeps it either way
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliverySpec(Integer retry, String backoffPolicy, String backoffDelay, Destination deadLetterSink) {
    /** Exponential backoff. */
    public static final String EXPONENTIAL = "exponential";
    /** Linear backoff. */
    public static final String LINEAR = "linear";
}

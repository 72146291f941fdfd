package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.skiff.api.DeliverySpec;
import dev.skiff.api.Destination;
import dev.skiff.api.FieldError;
import java.util.List;

/**
 * A broker's or trigger's {@code delivery} as written on the cluster: skiff-api's {@link DeliverySpec}
 * plus {@code deadLetterFunction}, the name older resources gave {@code deadLetterSink.function}.
 *
 * @param retry see {@link DeliverySpec#retry()}
 * @param backoffPolicy see {@link DeliverySpec#backoffPolicy()}
 * @param backoffDelay see {@link DeliverySpec#backoffDelay()}
 * @param deadLetterSink see {@link DeliverySpec#deadLetterSink()}
 * @param ordering see {@link DeliverySpec#ordering()}
 * @param maxInFlight see {@link DeliverySpec#maxInFlight()}
 * @param deadLetterFunction deprecated: read as {@code deadLetterSink: {function: ...}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryDocument(Integer retry, String backoffPolicy, String backoffDelay, Destination deadLetterSink,
                               String ordering, Integer maxInFlight,
                               @JsonPropertyDescription("Deprecated alias of deadLetterSink.function.")
                               String deadLetterFunction) {

    /** The document of {@code delivery}, in current names; null for null. */
    public static DeliveryDocument of(DeliverySpec delivery) {
        return delivery == null ? null : new DeliveryDocument(delivery.retry(), delivery.backoffPolicy(),
                delivery.backoffDelay(), delivery.deadLetterSink(), delivery.ordering(), delivery.maxInFlight(), null);
    }

    /** The delivery this document says, {@code deadLetterFunction} read as the sink unless one is named. */
    public DeliverySpec spec() {
        return new DeliverySpec(retry, backoffPolicy, backoffDelay, OldNames.destination(deadLetterSink, deadLetterFunction),
                ordering, maxInFlight);
    }

    /** Adds an error when {@code deadLetterFunction} and {@code deadLetterSink.function} differ, under {@code field}. */
    void conflicts(String field, List<FieldError> errors) {
        OldNames.check(deadLetterSink, field + ".deadLetterSink", deadLetterFunction, field + ".deadLetterFunction", errors);
    }
}

package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionValidation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How events are retried, as Knative Eventing's {@code delivery}: defaults are Knative's broker's
 * (10 retries, exponential, 0.2 s). A trigger's also says whether it keeps the broker's order,
 * which becomes Knative's Kafka broker annotation {@code kafka.eventing.knative.dev/delivery.order}
 * on the Knative Trigger; how many events an unordered trigger has in flight is Knative's data
 * plane's to decide, so the embedded mode's {@code maxInFlight} has no counterpart here.
 *
 * @param retry how many times a failed delivery is retried
 * @param backoffPolicy {@code linear} or {@code exponential}
 * @param backoffDelay the first pause, an ISO-8601 duration such as {@code PT0.2S}
 * @param deadLetterFunction the Function that receives what still fails; none: it is dropped
 * @param ordering triggers only: {@code ordered} (the default, as in the embedded mode) or {@code unordered}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliverySpec(Integer retry, String backoffPolicy, String backoffDelay, String deadLetterFunction,
                           String ordering) {
    /** Knative's broker default. */
    public static final int RETRY = 10;
    /** Knative's broker default. */
    public static final String BACKOFF_POLICY = "exponential";
    /** Knative's broker default: 0.2 s. */
    public static final String BACKOFF_DELAY = "PT0.2S";
    /** A trigger's default, as the embedded mode's (Knative's Kafka broker's own default is unordered). */
    public static final String ORDERING = "ordered";
    private static final List<String> ORDERINGS = List.of("ordered", "unordered");
    private static final Pattern ISO_DURATION = Pattern.compile("^PT(\\d+(\\.\\d+)?[HMS])+$");

    /** This delivery with every unset retry field at its default; a null delivery is all defaults. The ordering is left as given. */
    public static DeliverySpec defaulted(DeliverySpec given) {
        DeliverySpec d = given == null ? new DeliverySpec(null, null, null, null, null) : given;
        return new DeliverySpec(
                d.retry == null ? RETRY : d.retry,
                d.backoffPolicy == null ? BACKOFF_POLICY : d.backoffPolicy,
                d.backoffDelay == null ? BACKOFF_DELAY : d.backoffDelay,
                d.deadLetterFunction,
                d.ordering);
    }

    /** This defaulted delivery with the trigger's ordering set ({@link #ORDERING} unless given). */
    DeliverySpec withOrderingDefaulted() {
        return new DeliverySpec(retry, backoffPolicy, backoffDelay, deadLetterFunction, ordering == null ? ORDERING : ordering);
    }

    /** Adds the errors of this defaulted delivery, under {@code field}. */
    public void validate(String field, List<FieldError> errors) {
        if (retry < 0 || retry > 100) {
            errors.add(new FieldError(field + ".retry", "is " + retry + "; must be between 0 and 100"));
        }
        if (!List.of("linear", "exponential").contains(backoffPolicy)) {
            errors.add(new FieldError(field + ".backoffPolicy", "'" + backoffPolicy + "' is not one of linear, exponential"));
        }
        if (!ISO_DURATION.matcher(backoffDelay).matches()) {
            errors.add(new FieldError(field + ".backoffDelay", "'" + backoffDelay + "' is not an ISO-8601 duration such as PT0.2S"));
        }
        if (deadLetterFunction != null) {
            FunctionValidation.validateName(deadLetterFunction, field + ".deadLetterFunction", errors);
        }
        if (ordering != null && !ORDERINGS.contains(ordering)) {
            errors.add(new FieldError(field + ".ordering", "'" + ordering + "' is not one of ordered, unordered"));
        }
    }
}

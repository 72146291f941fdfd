package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trigger: the events of a broker whose attributes match {@code filter} go to a function.
 *
 * @param broker the broker's name (default {@code default})
 * @param filter CloudEvents attributes or extensions and the exact values they must have; all must match
 * @param function the Function that receives the matching events
 * @param delivery retries, dead letters and ordering for this trigger
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerSpec(String broker, Map<String, String> filter, String function, DeliverySpec delivery) {
    /** The broker a trigger without one listens on, as Knative's. */
    public static final String DEFAULT_BROKER = "default";

    /** This spec with its defaults. */
    public TriggerSpec defaulted() {
        return new TriggerSpec(broker == null ? DEFAULT_BROKER : broker, filter == null ? Map.of() : filter, function,
                DeliverySpec.defaulted(delivery).withOrderingDefaulted());
    }

    /** Every error in this defaulted spec. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        FunctionValidation.validateName(broker, "spec.broker", errors);
        FunctionValidation.validateName(function, "spec.function", errors);
        filter.forEach((attribute, value) -> {
            if (!attribute.matches("[a-z0-9]{1,20}")) {
                errors.add(new FieldError("spec.filter." + attribute,
                        "is not a CloudEvents attribute name (lower-case letters and digits)"));
            } else if (value == null) {
                errors.add(new FieldError("spec.filter." + attribute, "needs a value"));
            }
        });
        delivery.validate("spec.delivery", errors);
        return errors;
    }
}

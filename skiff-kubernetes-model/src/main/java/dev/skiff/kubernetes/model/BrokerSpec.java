package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A broker: a named place events are sent to, from which triggers deliver them to functions.
 *
 * @param delivery how the broker retries deliveries its triggers do not set themselves
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrokerSpec(DeliverySpec delivery) {

    /** This spec with its defaults. */
    public BrokerSpec defaulted() {
        return new BrokerSpec(DeliverySpec.defaulted(delivery));
    }

    /** Every error in this defaulted spec. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        delivery.validate("spec.delivery", errors);
        if (delivery.ordering() != null) {
            errors.add(new FieldError("spec.delivery.ordering", "is set per trigger, not on a broker"));
        }
        return errors;
    }
}

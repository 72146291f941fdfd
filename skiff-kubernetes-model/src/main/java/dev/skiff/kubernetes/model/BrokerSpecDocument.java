package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.Broker;
import dev.skiff.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A Broker's spec as written on the cluster: skiff-api's {@link Broker.BrokerSpec}, whose delivery
 * may still say {@code deadLetterFunction}.
 *
 * @param delivery the delivery its triggers use unless they say otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrokerSpecDocument(DeliveryDocument delivery) implements SpecDocument<Broker.BrokerSpec> {

    /** The document of {@code spec}, in current names. */
    public static BrokerSpecDocument of(Broker.BrokerSpec spec) {
        return new BrokerSpecDocument(DeliveryDocument.of(spec.delivery()));
    }

    @Override
    public Broker.BrokerSpec spec() {
        return new Broker.BrokerSpec(delivery == null ? null : delivery.spec());
    }

    @Override
    public List<FieldError> conflicts() {
        List<FieldError> errors = new ArrayList<>();
        if (delivery != null) {
            delivery.conflicts("spec.delivery", errors);
        }
        return errors;
    }
}

package dev.skiff.kubernetes.model;

import dev.skiff.api.Broker;
import dev.skiff.api.DeliverySpec;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.FieldError;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * Skiff's {@code Broker} custom resource: its spec is the embedded mode's {@link Broker.BrokerSpec},
 * read through {@link BrokerSpecDocument}.
 */
@Group(SkiffResources.GROUP)
@Version(SkiffResources.VERSION)
@Kind("Broker")
@Singular("broker")
@Plural("brokers")
public class BrokerResource extends SpecDocumentResource<Broker.BrokerSpec, BrokerSpecDocument> {

    @Override
    protected BrokerSpecDocument document(Broker.BrokerSpec spec) {
        return BrokerSpecDocument.of(spec);
    }

    @Override
    protected List<FieldError> validateSpec() {
        Broker broker = new Broker(SkiffResources.API_VERSION, Broker.KIND, apiMetadata(), given(), null);
        return EventingValidation.validate(broker, Broker.KIND, broker.spec().delivery());
    }

    /** The spec with every unset retry field at Knative's broker default ({@link EventingDefaults}); a broker has no ordering. */
    @Override
    public Broker.BrokerSpec defaulted() {
        DeliverySpec d = EventingDefaults.delivery(given().delivery(), null);
        return new Broker.BrokerSpec(new DeliverySpec(d.retry(), d.backoffPolicy(), d.backoffDelay(), d.deadLetterSink()));
    }

    private Broker.BrokerSpec given() {
        return getSpec() == null ? new Broker.BrokerSpec(null) : getSpec();
    }
}

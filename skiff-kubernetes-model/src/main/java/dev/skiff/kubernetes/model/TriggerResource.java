package dev.skiff.kubernetes.model;

import dev.skiff.api.EventingDefaults;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.FieldError;
import dev.skiff.api.Trigger;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * Skiff's {@code Trigger} custom resource: its spec is the embedded mode's {@link Trigger.TriggerSpec},
 * read through {@link TriggerSpecDocument}. One default is the cluster's own: a trigger that names
 * neither a broker nor a topic listens on the broker {@code default}, as Knative's do.
 */
@Group(SkiffResources.GROUP)
@Version(SkiffResources.VERSION)
@Kind("Trigger")
@Singular("trigger")
@Plural("triggers")
public class TriggerResource extends SpecDocumentResource<Trigger.TriggerSpec, TriggerSpecDocument> {
    /** The broker a trigger that names neither a broker nor a topic listens on, as Knative's. */
    public static final String DEFAULT_BROKER = "default";

    @Override
    protected TriggerSpecDocument document(Trigger.TriggerSpec spec) {
        return TriggerSpecDocument.of(spec);
    }

    @Override
    protected List<FieldError> validateSpec() {
        Trigger.TriggerSpec spec = getSpec() == null ? null : withBroker(getSpec());
        return EventingValidation.validate(new Trigger(SkiffResources.API_VERSION, Trigger.KIND, apiMetadata(), spec, null));
    }

    /** The spec with its broker, no filters rather than none given, and every delivery field set ({@link EventingDefaults}). */
    @Override
    public Trigger.TriggerSpec defaulted() {
        Trigger.TriggerSpec spec = withBroker(getSpec());
        return new Trigger.TriggerSpec(spec.broker(), spec.topic(), spec.filters() == null ? List.of() : spec.filters(),
                spec.subscriber(), EventingDefaults.delivery(spec.delivery(), null));
    }

    /** {@code spec}, listening on {@link #DEFAULT_BROKER} when it names neither a broker nor a topic. */
    private static Trigger.TriggerSpec withBroker(Trigger.TriggerSpec spec) {
        boolean named = spec.broker() != null && !spec.broker().isBlank() || spec.topic() != null && !spec.topic().isBlank();
        return named ? spec
                : new Trigger.TriggerSpec(DEFAULT_BROKER, spec.topic(), spec.filters(), spec.subscriber(), spec.delivery());
    }
}

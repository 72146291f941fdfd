package dev.skiff.kubernetes.operator;

import dev.skiff.api.FieldError;
import dev.skiff.kubernetes.model.TriggerResource;
import dev.skiff.kubernetes.translate.KnativeEventing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.List;

/** A {@code Trigger} becomes a Knative Trigger; without Knative Eventing it says so in its status. */
@ControllerConfiguration(name = "trigger")
final class TriggerReconciler extends ResourceReconciler<TriggerResource> {

    TriggerReconciler(OwnedObjects owned, Conditions conditions, ClusterCapabilities cluster) {
        super(new ResourceReconciler.Translation<>() {
            @Override
            public List<FieldError> admit(TriggerResource trigger) {
                if (trigger.getSpec() == null) {
                    return List.of(new FieldError("spec", "is required"));
                }
                trigger.setSpec(trigger.getSpec().defaulted());
                return trigger.getSpec().validate();
            }

            @Override
            public List<HasMetadata> desired(TriggerResource trigger) {
                if (!cluster.knativeEventing()) {
                    throw EventingRequired.refusal("Trigger");
                }
                return List.of(KnativeEventing.trigger(trigger));
            }
        }, owned, conditions);
    }
}

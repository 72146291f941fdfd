package dev.skiff.kubernetes.operator;

import dev.skiff.api.FieldError;
import dev.skiff.kubernetes.model.TriggerResource;
import dev.skiff.kubernetes.translate.KnativeEventing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.List;

/**
 * A {@code Trigger} becomes a Knative Trigger; without Knative Eventing, or on a topic, it says so in
 * its status, as it does for the fields Knative has no counterpart for.
 */
@ControllerConfiguration(name = "trigger")
final class TriggerReconciler extends ResourceReconciler<TriggerResource> {

    TriggerReconciler(OwnedObjects owned, Conditions conditions, ClusterCapabilities cluster) {
        super(new ResourceReconciler.Translation<>() {
            @Override
            public List<FieldError> admit(TriggerResource trigger) {
                return trigger.admit();
            }

            @Override
            public List<HasMetadata> desired(TriggerResource trigger) {
                EventingRequired.check(cluster, "Trigger");
                return List.of(KnativeEventing.trigger(trigger));
            }

            @Override
            public List<FieldError> ignored(TriggerResource trigger) {
                return KnativeEventing.ignored(trigger.getSpec());
            }
        }, owned, conditions);
    }
}

package dev.skiff.kubernetes.operator;

import dev.skiff.api.FieldError;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.translate.CronJobs;
import dev.skiff.kubernetes.translate.KnativeEventing;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.List;

/** A {@code CronTrigger} becomes a PingSource with Knative Eventing, else a CronJob calling the gateway. */
@ControllerConfiguration(name = "crontrigger")
final class CronTriggerReconciler extends ResourceReconciler<CronTriggerResource> {

    CronTriggerReconciler(OwnedObjects owned, Conditions conditions, ClusterCapabilities cluster, TranslationConfig config) {
        super(new ResourceReconciler.Translation<>() {
            @Override
            public List<FieldError> admit(CronTriggerResource trigger) {
                return trigger.admit();
            }

            @Override
            public List<HasMetadata> desired(CronTriggerResource trigger) {
                return List.of(cluster.knativeEventing() ? KnativeEventing.pingSource(trigger)
                        : CronJobs.desired(trigger, config));
            }
        }, owned, conditions);
    }
}

package dev.skiff.kubernetes.operator;

import dev.skiff.api.FieldError;
import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.translate.KnativeEventing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.List;

/** A {@code Broker} becomes a Knative Broker; without Knative Eventing it says so in its status. */
@ControllerConfiguration(name = "broker")
final class BrokerReconciler extends ResourceReconciler<BrokerResource> {

    BrokerReconciler(OwnedObjects owned, Conditions conditions, ClusterCapabilities cluster) {
        super(new ResourceReconciler.Translation<>() {
            @Override
            public List<FieldError> admit(BrokerResource broker) {
                return broker.admit();
            }

            @Override
            public List<HasMetadata> desired(BrokerResource broker) {
                EventingRequired.check(cluster, "Broker");
                return List.of(KnativeEventing.broker(broker));
            }

            @Override
            public String url(BrokerResource broker) {
                return "http://broker-ingress.knative-eventing.svc.cluster.local/" + broker.getMetadata().getNamespace()
                        + "/" + broker.getMetadata().getName();
            }
        }, owned, conditions);
    }
}

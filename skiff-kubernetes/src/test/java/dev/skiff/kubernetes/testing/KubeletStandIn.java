package dev.skiff.kubernetes.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kubelet's part for the mock API server, which runs no pods: while following, every Deployment
 * of the namespace soon reports as many ready pods as it asks for (pods start and pass their
 * readiness probe at once). Paused, it leaves the status alone, so a test can hold pods unready.
 */
public final class KubeletStandIn implements AutoCloseable {
    private final KubernetesClient client;
    private final SharedIndexInformer<Deployment> informer;
    private final AtomicBoolean following = new AtomicBoolean(true);

    private KubeletStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.informer = client.apps().deployments().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                settle(deployment);
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                settle(deployment);
            }

            @Override
            public void onDelete(Deployment deployment, boolean unknown) {
                // Nothing runs for a deleted Deployment.
            }
        });
    }

    /** A stand-in following the Deployments of {@code namespace}. */
    public static KubeletStandIn follow(KubernetesClient client, String namespace) {
        return new KubeletStandIn(client, namespace);
    }

    /** Stops making pods ready (or gone); the test marks them itself. */
    public void pause() {
        following.set(false);
    }

    /** Makes pods ready again as Deployments ask for them, the ones asked for meanwhile included. */
    public void resume() {
        following.set(true);
        informer.getStore().list().forEach(this::settle);
    }

    private void settle(Deployment deployment) {
        if (!following.get()) {
            return;
        }
        Integer wanted = deployment.getSpec().getReplicas();
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        int pods = wanted == null ? 0 : wanted;
        if (Objects.equals(ready == null ? 0 : ready, pods) && deployment.getStatus() != null) {
            return;
        }
        try {
            client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName()).editStatus(d -> {
                        d.setStatus(new DeploymentStatusBuilder().withReplicas(pods).withReadyReplicas(pods).build());
                        return d;
                    });
        } catch (KubernetesClientException conflictOrGone) {
            // The next event about it settles it again.
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}

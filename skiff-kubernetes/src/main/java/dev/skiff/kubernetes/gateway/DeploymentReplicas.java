package dev.skiff.kubernetes.gateway;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/** {@link Replicas} of the Deployment named after the revision, changed through its scale subresource. */
public final class DeploymentReplicas implements Replicas {
    private final KubernetesClient client;

    /** Replicas read and scaled with {@code client}. */
    public DeploymentReplicas(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public int wanted(String namespace, String revision) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(revision).get();
        return deployment == null || deployment.getSpec().getReplicas() == null ? -1 : deployment.getSpec().getReplicas();
    }

    @Override
    public int ready(String namespace, String revision) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(revision).get();
        Integer ready = deployment == null || deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }

    @Override
    public void scale(String namespace, String revision, int replicas) {
        client.apps().deployments().inNamespace(namespace).withName(revision).scale(replicas);
    }
}

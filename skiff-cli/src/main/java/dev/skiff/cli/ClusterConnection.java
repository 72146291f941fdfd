package dev.skiff.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A client of the cluster {@code --kubeconfig}, {@code --context} and {@code -n} point at, with its
 * namespace and, for messages, where that is ({@code context 'kind', namespace team}).
 *
 * @param client the client
 * @param namespace the namespace the commands work in
 * @param where the context and namespace in words
 */
record ClusterConnection(KubernetesClient client, String namespace, String where) implements AutoCloseable {
    /** The connection {@code skiff}'s flags name. */
    static ClusterConnection of(SkiffCommand skiff) {
        Config config = skiff.clusterConfig();
        return new ClusterConnection(new KubernetesClientBuilder().withConfig(config).build(),
                ClusterFunctions.namespaceOf(config), ClusterFunctions.where(config));
    }

    @Override
    public void close() {
        client.close();
    }
}

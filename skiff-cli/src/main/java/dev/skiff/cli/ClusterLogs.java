package dev.skiff.cli;

import dev.skiff.kubernetes.model.SkiffResources;
import dev.skiff.kubernetes.translate.PodTemplates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code skiff logs --context}: a function's log on a cluster, read from its pods' function
 * containers as {@code kubectl logs} reads them. With several pods each line starts with its pod's
 * name; {@code --follow} follows the pods there are when it starts.
 */
final class ClusterLogs implements AutoCloseable {
    private final ClusterConnection cluster;

    private ClusterLogs(ClusterConnection cluster) {
        this.cluster = cluster;
    }

    /** The logs of the cluster {@code skiff}'s kubeconfig and context name, in its namespace. */
    static ClusterLogs connect(SkiffCommand skiff) {
        return new ClusterLogs(ClusterConnection.of(skiff));
    }

    /**
     * Prints the last {@code tail} lines of each pod of {@code function}, then, with {@code follow},
     * new lines until interrupted.
     */
    void print(String function, int tail, boolean follow, PrintStream out) throws InterruptedException {
        List<Pod> pods;
        try {
            pods = new ArrayList<>(cluster.client().pods().inNamespace(cluster.namespace())
                    .withLabel(SkiffResources.FUNCTION_LABEL, function)
                    .list().getItems());
        } catch (KubernetesClientException e) {
            throw new CliException("cannot list the pods of '" + function + "' in " + cluster.where() + ": " + e.getMessage(), e);
        }
        if (pods.isEmpty()) {
            throw new CliException("function '" + function + "' has no pods in " + cluster.where()
                    + " (scaled to zero, or not deployed): a pod's log goes with it");
        }
        pods.sort(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> p.getMetadata().getName()));
        boolean prefixed = pods.size() > 1;
        for (Pod pod : pods) {
            String log = container(pod).tailingLines(tail).getLog();
            for (String line : log.isEmpty() ? List.<String>of() : List.of(log.split("\n", -1))) {
                if (!line.isEmpty()) {
                    out.println(prefixed ? "[" + pod.getMetadata().getName() + "] " + line : line);
                }
            }
        }
        out.flush();
        if (follow) {
            List<LogWatch> watches = new ArrayList<>();
            for (Pod pod : pods) {
                String prefix = prefixed ? "[" + pod.getMetadata().getName() + "] " : "";
                watches.add(container(pod).sinceSeconds(1).watchLog(new PrefixedLines(prefix, out)));
            }
            try {
                Thread.currentThread().join();
            } finally {
                watches.forEach(LogWatch::close);
            }
        }
    }

    private io.fabric8.kubernetes.client.dsl.ContainerResource container(Pod pod) {
        return cluster.client().pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName())
                .inContainer(PodTemplates.CONTAINER);
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** Writes whole lines to {@code out}, each after {@code prefix}. */
    private static final class PrefixedLines extends OutputStream {
        private final String prefix;
        private final PrintStream out;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        PrefixedLines(String prefix, PrintStream out) {
            this.prefix = prefix;
            this.out = out;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                synchronized (out) {
                    out.println(prefix + line.toString(StandardCharsets.UTF_8));
                    out.flush();
                }
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}

package dev.skiff.kubernetes.operator;

import dev.skiff.kubernetes.translate.TranslationConfig;
import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.util.Set;

/**
 * {@code skiff operator}: one reconciler per Skiff kind, chosen for what the cluster has (Knative
 * Serving or not, Knative Eventing or not), watching the given namespaces or all of them.
 */
public final class SkiffOperator implements AutoCloseable {
    private final Operator operator;
    private final ClusterCapabilities cluster;

    private SkiffOperator(Operator operator, ClusterCapabilities cluster) {
        this.operator = operator;
        this.cluster = cluster;
    }

    /**
     * An operator on {@code client}, not started yet.
     *
     * @param cluster what the cluster serves; {@link ClusterCapabilities#detect} in production
     * @param namespaces the namespaces to watch; empty: all
     */
    public static SkiffOperator create(KubernetesClient client, ClusterCapabilities cluster, TranslationConfig config,
                                       Set<String> namespaces, Clock clock) {
        // Status is written with a JSON merge patch rather than server-side apply: the status is the
        // operator's alone, and every API server (and fabric8's mock server in the tests) takes it.
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false));
        Conditions conditions = new Conditions(clock);
        OwnedObjects owned = new OwnedObjects(client);
        FunctionWorkload workload = cluster.knativeServing()
                ? new KnativeWorkload(client, config, conditions) : new PlainWorkload(client, config, conditions);
        register(operator, new FunctionReconciler(FunctionAdmission.builtIn(), workload, conditions), namespaces);
        register(operator, new VolumeReconciler(owned, conditions), namespaces);
        register(operator, new BrokerReconciler(owned, conditions, cluster), namespaces);
        register(operator, new TriggerReconciler(owned, conditions, cluster), namespaces);
        register(operator, new CronTriggerReconciler(owned, conditions, cluster, config), namespaces);
        return new SkiffOperator(operator, cluster);
    }

    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void register(
            Operator operator, io.javaoperatorsdk.operator.api.reconciler.Reconciler<R> reconciler, Set<String> namespaces) {
        if (namespaces.isEmpty()) {
            operator.register(reconciler);
        } else {
            operator.register(reconciler, o -> o.settingNamespaces(namespaces));
        }
    }

    /** Starts watching and reconciling. */
    public void start() {
        operator.start();
    }

    /** What the operator found the cluster serves. */
    public ClusterCapabilities cluster() {
        return cluster;
    }

    /** Stops the reconcilers; the client stays open. */
    @Override
    public void close() {
        operator.stop();
    }
}

package dev.skiff.kubernetes.operator;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.model.SkiffResources;
import dev.skiff.kubernetes.translate.Deployments;
import dev.skiff.kubernetes.translate.FunctionRevision;
import dev.skiff.kubernetes.translate.NetworkPolicies;
import dev.skiff.kubernetes.translate.Services;
import dev.skiff.kubernetes.translate.SourceConfigMaps;
import dev.skiff.kubernetes.translate.SpecHash;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A function without Knative: one Deployment and Service per revision, a Service for the function,
 * and Skiff's gateway routing by revision and scaling the Deployments. A new revision starts with
 * one pod (Knative's initial scale) and is Ready once a pod of it was ready, its code loaded; it then
 * goes down to its minimum, and a revision that loaded once stays Ready at zero (the gateway wakes
 * it). Revisions the traffic table no longer names are scaled to zero and kept for rollbacks, the {@link RevisionRetention#KEPT}
 * newest of them; older ones are deleted with their Service, source ConfigMap and NetworkPolicy.
 */
final class PlainWorkload implements FunctionWorkload {
    private final KubernetesClient client;
    private final OwnedObjects owned;
    private final TranslationConfig config;
    private final Conditions conditions;

    PlainWorkload(KubernetesClient client, TranslationConfig config, Conditions conditions) {
        this.client = client;
        this.owned = new OwnedObjects(client);
        this.config = config;
        this.conditions = conditions;
    }

    @Override
    public Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> watched() {
        return Deployment.class;
    }

    @Override
    public FunctionStatus apply(FunctionResource function, FunctionSpec spec) {
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        List<Deployment> revisions = client.apps().deployments().inNamespace(namespace)
                .withLabel(SkiffResources.FUNCTION_LABEL, name).list().getItems().stream()
                .sorted(Comparator.comparing(d -> d.getMetadata().getName())).toList();
        Deployment newest = revisions.isEmpty() ? null : revisions.getLast();
        String revisionName = SpecHash.revisionFor(name, newest == null ? null : newest.getMetadata().getName(),
                newest == null ? null : newest.getMetadata().getAnnotations().get(SpecHash.ANNOTATION), SpecHash.of(spec));
        FunctionRevision revision = FunctionRevision.of(namespace, name, revisionName, spec);

        SourceConfigMaps.desired(revision).ifPresent(map -> owned.createIfAbsent(function, map));
        // The replica count as the gateway left it, read in the same step as the update, which is
        // locked to that read: a scale between the two makes the update fail and the reconcile rerun.
        Deployment deployment = owned.apply(function, Deployments.desired(revision, config, Deployments.initialReplicas(revision)),
                (existing, desired) -> desired.getSpec().setReplicas(
                        Deployments.replicas(revision, existing.getSpec().getReplicas())));
        owned.apply(function, Services.revision(revision));
        owned.apply(function, Services.function(revision));
        NetworkPolicies.desired(revision).ifPresent(policy -> owned.apply(function, policy));

        boolean firstLoad = ready(deployment) && !revisionName.equals(previousReady(function));
        if (firstLoad && Deployments.replicas(revision, null) == 0
                && Integer.valueOf(Deployments.initialReplicas(revision)).equals(deployment.getSpec().getReplicas())) {
            // Its first pod proved that it loads; now down to its minimum, unless the gateway scaled it since it
            // was read (the update is locked to that read, and a conflict reruns the reconcile).
            deployment.getSpec().setReplicas(0);
            client.resource(deployment).update();
        }
        String latestReady = ready(deployment) ? revisionName : previousReady(function);
        List<TrafficTarget> traffic = resolve(spec.traffic(), latestReady, name);
        Set<String> routed = traffic.stream().map(TrafficTarget::revisionName).collect(Collectors.toSet());
        routed.add(revisionName);
        for (Deployment old : revisions) {
            String oldName = old.getMetadata().getName();
            if (!routed.contains(oldName) && old.getSpec().getReplicas() != null && old.getSpec().getReplicas() > 0) {
                client.apps().deployments().inNamespace(namespace).withName(oldName).scale(0);
            }
        }
        List<String> names = revisions.stream().map(d -> d.getMetadata().getName()).toList();
        for (String old : RevisionRetention.collectable(names, routed, revisionName)) {
            delete(namespace, old);
        }
        boolean isReady = revisionName.equals(latestReady);
        return new FunctionStatus(
                List.of(isReady ? conditions.ready()
                        : conditions.unknown("RevisionStarting", "waiting for revision " + revisionName + " to have a ready pod")),
                config.functionUrl(name), revisionName, latestReady, function.getMetadata().getGeneration(), traffic);
    }

    /** A revision Knative's garbage collector would delete: its Deployment, Service, source and policy. */
    private void delete(String namespace, String revision) {
        client.apps().deployments().inNamespace(namespace).withName(revision).delete();
        client.services().inNamespace(namespace).withName(revision).delete();
        client.configMaps().inNamespace(namespace).withName(SourceConfigMaps.name(revision)).delete();
        client.network().v1().networkPolicies().inNamespace(namespace).withName(NetworkPolicies.name(revision)).delete();
    }

    /** Loaded: a pod of it is ready, so its code was unpacked, installed and passed the readiness probe. */
    private static boolean ready(Deployment deployment) {
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return ready != null && ready > 0;
    }

    private static String previousReady(FunctionResource function) {
        return function.getStatus() == null ? null : function.getStatus().latestReadyRevision();
    }

    /** The traffic table with every entry naming its revision (latest: the newest ready one), tags with their URL. */
    private List<TrafficTarget> resolve(List<TrafficTarget> traffic, String latestReady, String function) {
        List<TrafficTarget> table = traffic == null ? List.of(TrafficTarget.latest(100)) : traffic;
        return table.stream()
                .filter(t -> !t.followsLatest() || latestReady != null)
                .map(t -> t.resolved(t.followsLatest() ? latestReady : t.revisionName(),
                        t.tag() == null ? null : config.functionUrl(function) + "@" + t.tag()))
                .toList();
    }
}

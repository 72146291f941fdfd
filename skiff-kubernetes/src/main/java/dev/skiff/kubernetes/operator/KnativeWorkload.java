package dev.skiff.kubernetes.operator;

import dev.skiff.api.Condition;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.model.SkiffResources;
import dev.skiff.kubernetes.translate.FunctionRevision;
import dev.skiff.kubernetes.translate.KnativeServices;
import dev.skiff.kubernetes.translate.NetworkPolicies;
import dev.skiff.kubernetes.translate.SourceConfigMaps;
import dev.skiff.kubernetes.translate.SpecHash;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.knative.serving.v1.Revision;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A function as a Knative Service; its status is Knative's, in Skiff's shape. Old revisions are
 * Knative's to keep or delete (its revision garbage collector); their source ConfigMaps follow.
 */
final class KnativeWorkload implements FunctionWorkload {
    /** The label Knative puts on a Service's revisions, naming the Service. */
    static final String KNATIVE_SERVICE_LABEL = "serving.knative.dev/service";
    private final KubernetesClient client;
    private final OwnedObjects owned;
    private final TranslationConfig config;
    private final Conditions conditions;

    KnativeWorkload(KubernetesClient client, TranslationConfig config, Conditions conditions) {
        this.client = client;
        this.owned = new OwnedObjects(client);
        this.config = config;
        this.conditions = conditions;
    }

    @Override
    public Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> watched() {
        return Service.class;
    }

    @Override
    public FunctionStatus apply(FunctionResource function, FunctionSpec spec) {
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        Service current = client.resources(Service.class).inNamespace(namespace).withName(name).get();
        String currentRevision = null;
        String currentHash = null;
        if (current != null && current.getSpec() != null && current.getSpec().getTemplate() != null) {
            currentRevision = current.getSpec().getTemplate().getMetadata().getName();
            Map<String, String> annotations = current.getSpec().getTemplate().getMetadata().getAnnotations();
            currentHash = annotations == null ? null : annotations.get(SpecHash.ANNOTATION);
        }
        FunctionRevision revision = FunctionRevision.of(namespace, name,
                SpecHash.revisionFor(name, currentRevision, currentHash, SpecHash.of(spec)), spec);
        SourceConfigMaps.desired(revision).ifPresent(map -> owned.createIfAbsent(function, map));
        NetworkPolicies.desired(revision).ifPresent(policy -> owned.apply(function, policy));
        Service desired = KnativeServices.desired(revision, config);
        Service observed = owned.apply(function, desired);
        collectSources(namespace, name, revision.revision());
        return status(observed.getStatus(), revision.revision(), function.getMetadata().getGeneration());
    }

    /**
     * Deletes the source ConfigMaps of revisions Knative no longer has, once its revision garbage
     * collector deleted them; nothing while Knative lists no revision of the function at all.
     */
    private void collectSources(String namespace, String function, String current) {
        Set<String> kept = client.resources(Revision.class).inNamespace(namespace)
                .withLabel(KNATIVE_SERVICE_LABEL, function).list().getItems().stream()
                .map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        if (kept.isEmpty()) {
            return;
        }
        for (ConfigMap source : client.configMaps().inNamespace(namespace)
                .withLabel(SkiffResources.FUNCTION_LABEL, function).list().getItems()) {
            String revision = source.getMetadata().getLabels().get(SkiffResources.REVISION_LABEL);
            if (revision != null && !revision.equals(current) && !kept.contains(revision)
                    && source.getMetadata().getName().equals(SourceConfigMaps.name(revision))) {
                client.resource(source).delete();
            }
        }
    }

    private FunctionStatus status(ServiceStatus knative, String revision, Long generation) {
        if (knative == null || knative.getConditions() == null) {
            return new FunctionStatus(List.of(conditions.unknown("Deploying", "Knative is making revision " + revision)),
                    null, revision, null, generation, null);
        }
        Condition ready = knative.getConditions().stream()
                .filter(c -> Condition.READY.equals(c.getType()))
                .map(c -> new Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime()))
                .findFirst()
                .orElse(conditions.unknown("Deploying", "Knative has not reported Ready yet"));
        List<TrafficTarget> traffic = knative.getTraffic() == null ? null : knative.getTraffic().stream()
                .map(t -> new TrafficTarget(t.getRevisionName(), t.getLatestRevision(),
                        t.getPercent() == null ? null : t.getPercent().intValue(), t.getTag(), t.getUrl()))
                .toList();
        return new FunctionStatus(List.of(ready), knative.getUrl(), knative.getLatestCreatedRevisionName(),
                knative.getLatestReadyRevisionName(), generation, traffic);
    }
}

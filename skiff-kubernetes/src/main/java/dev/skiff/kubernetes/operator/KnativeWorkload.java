package dev.skiff.kubernetes.operator;

import dev.skiff.api.Condition;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.translate.FunctionRevision;
import dev.skiff.kubernetes.translate.KnativeServices;
import dev.skiff.kubernetes.translate.NetworkPolicies;
import dev.skiff.kubernetes.translate.SourceConfigMaps;
import dev.skiff.kubernetes.translate.SpecHash;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** A function as a Knative Service; its status is Knative's, in Skiff's shape. */
final class KnativeWorkload implements FunctionWorkload {
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
        return status(observed.getStatus(), revision.revision(), function.getMetadata().getGeneration());
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

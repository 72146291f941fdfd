package dev.skiff.kubernetes.translate;

import dev.skiff.kubernetes.model.SkiffResources;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Optional;

/**
 * The NetworkPolicy of a revision with {@code spec.network: none}: its pods may send nothing out
 * (every egress denied, DNS included), while what comes in (the gateway, Knative's activator and
 * queue) is left as it is. One per revision, selected by the revision's label, so that an older
 * revision still taking part of the traffic keeps the network its own spec gave it. Enforced only
 * where the cluster's network plugin enforces NetworkPolicies (Calico, Cilium; not kindnet or
 * flannel alone).
 */
public final class NetworkPolicies {
    private NetworkPolicies() {}

    /** The policy's name: {@code <revision>-no-egress}. */
    public static String name(String revision) {
        return revision + "-no-egress";
    }

    /** The policy {@code revision} needs: one denying all egress when its spec says {@code network: none}, else none. */
    public static Optional<NetworkPolicy> desired(FunctionRevision revision) {
        if (!revision.spec().offline()) {
            return Optional.empty();
        }
        return Optional.of(new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name(revision.revision()))
                .withNamespace(revision.namespace())
                .withLabels(PodTemplates.labels(revision))
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector().addToMatchLabels(SkiffResources.REVISION_LABEL, revision.revision()).endPodSelector()
                .withPolicyTypes(List.of("Egress"))
                .withEgress(List.of())
                .endSpec()
                .build());
    }
}

package dev.skiff.kubernetes.translate;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/**
 * A revision as a Deployment named after it ({@code hello-00002}) when Knative is not installed. Its
 * replica count is Skiff's gateway's to set through the scale subresource; the operator only gives
 * the first one and keeps the bounds.
 */
public final class Deployments {

    private Deployments() {}

    /** The Deployment of {@code revision} with {@code replicas} pods. */
    public static Deployment desired(FunctionRevision revision, TranslationConfig config, int replicas) {
        Map<String, String> labels = PodTemplates.labels(revision);
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(revision.revision())
                .withNamespace(revision.namespace())
                .withLabels(labels)
                .addToAnnotations(SpecHash.ANNOTATION, revision.specHash())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels(labels).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(PodTemplates.podSpec(revision, config, true))
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The replicas a revision's new Deployment starts with: at least one (Knative's initial scale), so
     * that a revision is seen to load its code before it is called Ready, even one that then scales to
     * zero.
     */
    public static int initialReplicas(FunctionRevision revision) {
        return Math.max(1, replicas(revision, null));
    }

    /**
     * The replicas to ask for: the current count (the gateway's choice) kept within the spec's
     * bounds, or at first the minimum. A LoadBalancer function is reached without the gateway, which
     * alone can wake a revision, so it never goes below one.
     *
     * @param current the Deployment's replicas now, or null when it does not exist yet
     */
    public static int replicas(FunctionRevision revision, Integer current) {
        int min = revision.spec().scale().minScale();
        if ("LoadBalancer".equals(revision.spec().serviceType())) {
            min = Math.max(1, min);
        }
        int max = revision.spec().scale().maxScale();
        int wanted = Math.max(min, current == null ? min : current);
        return max > 0 ? Math.min(wanted, max) : wanted;
    }
}

package dev.skiff.kubernetes.translate;

import dev.skiff.api.FunctionSpec;

/**
 * One revision of a function, as the translations need it: where it lives, its names and its
 * defaulted, validated spec.
 *
 * @param namespace the namespace of the Function and everything made for it
 * @param function the function's name
 * @param revision the revision's name, e.g. {@code hello-00002}
 * @param spec the defaulted spec (the runtime's own defaults applied too)
 * @param specHash {@link SpecHash} of the spec, recorded on the objects so the next reconcile can
 *     tell whether the spec changed
 */
public record FunctionRevision(String namespace, String function, String revision, FunctionSpec spec, String specHash) {

    /**
     * The revision made from {@code spec}; a {@link TranslationException} for {@code auth: token}, which
     * only the embedded server enforces: exported as it is, the function would answer anyone.
     */
    public static FunctionRevision of(String namespace, String function, String revision, FunctionSpec spec) {
        if (spec.requiresToken()) {
            throw new TranslationException("AuthUnsupported", "spec.auth: token is enforced by the embedded server "
                    + "only; on Kubernetes nothing would check callers' tokens, so the function is not made. Remove "
                    + "spec.auth, and keep the function inside the cluster (serviceType: ClusterIP, or Knative's "
                    + "cluster-local visibility) or behind an ingress that authenticates");
        }
        return new FunctionRevision(namespace, function, revision, spec, SpecHash.of(spec));
    }

    /** The name of the ConfigMap holding this revision's source. */
    public String sourceConfigMap() {
        return SourceConfigMaps.name(revision);
    }
}

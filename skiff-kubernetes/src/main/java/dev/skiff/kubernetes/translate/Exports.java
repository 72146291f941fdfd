package dev.skiff.kubernetes.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code skiff export} prints: the objects a user could {@code kubectl apply} to run a function
 * without Skiff's operator. The Kubernetes form keeps at least one replica, since without the
 * gateway nothing would wake a Deployment scaled to zero.
 */
public final class Exports {

    private Exports() {}

    /** The source ConfigMap, the revision's NetworkPolicy ({@code network: none}) and the Knative Service. */
    public static List<HasMetadata> knative(FunctionRevision revision, TranslationConfig config) {
        List<HasMetadata> objects = new ArrayList<>();
        SourceConfigMaps.desired(revision).ifPresent(objects::add);
        NetworkPolicies.desired(revision).ifPresent(objects::add);
        objects.add(KnativeServices.desired(revision, config));
        return objects;
    }

    /** The source ConfigMap, the revision's Deployment and Service, the function's Service, and the revision's NetworkPolicy ({@code network: none}). */
    public static List<HasMetadata> kubernetes(FunctionRevision revision, TranslationConfig config) {
        List<HasMetadata> objects = new ArrayList<>();
        SourceConfigMaps.desired(revision).ifPresent(objects::add);
        objects.add(Deployments.desired(revision, config, Math.max(1, Deployments.replicas(revision, null))));
        objects.add(Services.revision(revision));
        objects.add(Services.function(revision));
        NetworkPolicies.desired(revision).ifPresent(objects::add);
        return objects;
    }

    /**
     * An empty Secret per secret the revision reads, named as the function's mounts name it: a
     * skeleton to fill ({@code stringData}) before applying. Values never leave Skiff: applied as
     * they are, these would replace the cluster's Secrets with empty ones.
     */
    public static List<HasMetadata> secretSkeletons(FunctionRevision revision) {
        List<HasMetadata> objects = new ArrayList<>();
        if (revision.spec().secrets() != null) {
            for (dev.skiff.api.SecretRef secret : revision.spec().secrets()) {
                objects.add(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName(secret.name())
                        .withNamespace(revision.namespace())
                        .addToAnnotations("skiff.dev/skeleton", "fill stringData with the values of skiff secret "
                                + secret.name() + " before applying")
                        .endMetadata().withType("Opaque").withStringData(new java.util.LinkedHashMap<>()).build());
            }
        }
        return objects;
    }

    /** The objects as one YAML stream, {@code ---} between them. */
    public static String yaml(List<HasMetadata> objects) {
        return objects.stream().map(Serialization::asYaml).map(Exports::withoutDocumentStart)
                .collect(Collectors.joining("---\n", "---\n", ""));
    }

    private static String withoutDocumentStart(String yaml) {
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}

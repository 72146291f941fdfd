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

    /** The objects as one YAML stream, {@code ---} between them. */
    public static String yaml(List<HasMetadata> objects) {
        return objects.stream().map(Serialization::asYaml).map(Exports::withoutDocumentStart)
                .collect(Collectors.joining("---\n", "---\n", ""));
    }

    private static String withoutDocumentStart(String yaml) {
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}

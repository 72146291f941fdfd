package dev.skiff.kubernetes.translate;

import dev.skiff.kubernetes.model.SkiffResources;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;

/**
 * Plain Kubernetes Services: one per revision (ClusterIP, what the gateway forwards to, as Knative's
 * private revision services) and one per function ({@code spec.serviceType}: ClusterIP, or
 * LoadBalancer as seed 003 exposes its app), selecting every pod of the function.
 */
public final class Services {
    /** The port the Services listen on. */
    public static final int PORT = 80;

    private Services() {}

    /** The ClusterIP Service in front of one revision's pods. */
    public static Service revision(FunctionRevision revision) {
        return service(revision.revision(), revision.namespace(), PodTemplates.labels(revision), "ClusterIP",
                Map.of(SkiffResources.REVISION_LABEL, revision.revision()));
    }

    /** The function's own Service, of the spec's type, in front of all its pods. */
    public static Service function(FunctionRevision revision) {
        return service(revision.function(), revision.namespace(), PodTemplates.functionLabels(revision.function()),
                revision.spec().serviceType(), Map.of(SkiffResources.FUNCTION_LABEL, revision.function()));
    }

    private static Service service(String name, String namespace, Map<String, String> labels, String type,
                                   Map<String, String> selector) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withType(type)
                .withSelector(selector)
                .addNewPort().withName("http").withPort(PORT).withTargetPort(new IntOrString(PodTemplates.PORT)).endPort()
                .endSpec()
                .build();
    }

    /** The in-cluster address of a revision's Service. */
    public static String revisionUrl(String namespace, String revision) {
        return "http://" + revision + "." + namespace + ".svc.cluster.local";
    }
}

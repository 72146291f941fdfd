package dev.skiff.kubernetes.operator;

import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.model.ResourceStatus;
import dev.skiff.kubernetes.model.SkiffResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;

/** What the eventing ITs share: writing a resource, typed or as its YAML says it, and waiting for the operator's status. */
final class EventingHarness {

    private EventingHarness() {}

    /** Creates {@code resource} in the test namespace, named {@code name}, with {@code spec}. */
    static <S, R extends CustomResource<S, ?>> void create(KubernetesClient client, R resource, String name, S spec) {
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        resource.setSpec(spec);
        client.resource(resource).create();
    }

    /** Stores {@code yaml} in the test namespace as written, field names and all (a typed client would write current names). */
    static void createAsWritten(KubernetesClient client, String kind, String plural, String yaml) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(SkiffResources.GROUP)
                .withVersion(SkiffResources.VERSION).withKind(kind).withPlural(plural).withNamespaced(true).build();
        client.genericKubernetesResources(context).inNamespace(NAMESPACE)
                .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
    }

    /** The status the operator writes on the resource {@code name}, once there is one. */
    static <T extends CustomResource<?, ResourceStatus>> ResourceStatus awaitStatus(KubernetesClient client, Class<T> type,
                                                                                     String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            T r = client.resources(type).inNamespace(NAMESPACE).withName(name).get();
            return r != null && r.getStatus() != null;
        });
        return client.resources(type).inNamespace(NAMESPACE).withName(name).get().getStatus();
    }
}

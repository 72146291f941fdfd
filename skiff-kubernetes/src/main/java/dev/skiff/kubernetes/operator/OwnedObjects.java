package dev.skiff.kubernetes.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * Writes the objects a Skiff resource owns. Each carries a controller owner reference to it, so
 * deleting the resource lets Kubernetes' garbage collector delete them all.
 */
final class OwnedObjects {
    private final KubernetesClient client;

    OwnedObjects(KubernetesClient client) {
        this.client = client;
    }

    /** Creates {@code object}, or updates it to this state when it exists, owned by {@code owner}. */
    <T extends HasMetadata> T apply(HasMetadata owner, T object) {
        own(owner, object);
        return client.resource(object).unlock().createOr(NonDeletingOperation::update);
    }

    /** Creates {@code object} owned by {@code owner} unless it exists (for immutable objects). */
    <T extends HasMetadata> void createIfAbsent(HasMetadata owner, T object) {
        if (client.resource(object).get() == null) {
            own(owner, object);
            client.resource(object).create();
        }
    }

    private static void own(HasMetadata owner, HasMetadata object) {
        object.getMetadata().setNamespace(owner.getMetadata().getNamespace());
        object.getMetadata().setOwnerReferences(java.util.List.of(reference(owner)));
    }

    /** The controller reference to {@code owner}. */
    static OwnerReference reference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}

package dev.skiff.kubernetes.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Writes the objects a Skiff resource owns. Each carries a controller owner reference to it, so
 * deleting the resource lets Kubernetes' garbage collector delete them all.
 *
 * <p>An object is written only when what Skiff wants of it changed: each carries a hash of the
 * state Skiff last wrote ({@link #APPLIED}), compared with the hash of the state it wants now, never
 * with the object as the API server returns it, which its defaults and webhooks fill in. An update
 * starts from the wanted state but keeps the annotations others set (Knative's webhook refuses an
 * update that drops {@code serving.knative.dev/creator}, whose value is immutable), is locked to the
 * resource version just read (a concurrent writer makes it fail with 409 and the reconcile runs
 * again), and may take fields from the object as it is ({@code fromCurrent}: a Deployment's replica
 * count, which Skiff's gateway owns once the Deployment exists).
 */
final class OwnedObjects {
    /** The annotation holding the hash of the state Skiff last wrote. */
    static final String APPLIED = "skiff.dev/applied-hash";
    private static final String SKIFF_PREFIX = "skiff.dev/";
    private final KubernetesClient client;

    OwnedObjects(KubernetesClient client) {
        this.client = client;
    }

    /** Creates {@code object}, or updates it to this state when it exists and differs, owned by {@code owner}. */
    <T extends HasMetadata> T apply(HasMetadata owner, T object) {
        return apply(owner, object, (current, desired) -> { });
    }

    /**
     * As {@link #apply(HasMetadata, HasMetadata)}, with {@code fromCurrent} copying fields of the
     * existing object into the wanted one before an update.
     *
     * @return the object as the API server has it after this
     */
    <T extends HasMetadata> T apply(HasMetadata owner, T object, BiConsumer<T, T> fromCurrent) {
        own(owner, object);
        String hash = hash(object);
        object.getMetadata().setAnnotations(withEntry(object.getMetadata().getAnnotations(), APPLIED, hash));
        T current = client.resource(object).get();
        if (current == null) {
            return client.resource(object).create();
        }
        Map<String, String> currentAnnotations = current.getMetadata().getAnnotations();
        if (currentAnnotations != null && hash.equals(currentAnnotations.get(APPLIED))) {
            return current;
        }
        Map<String, String> annotations = new TreeMap<>(object.getMetadata().getAnnotations());
        if (currentAnnotations != null) {
            currentAnnotations.forEach((key, value) -> {
                if (!key.startsWith(SKIFF_PREFIX)) {
                    annotations.putIfAbsent(key, value);
                }
            });
        }
        object.getMetadata().setAnnotations(annotations);
        object.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        fromCurrent.accept(current, object);
        return client.resource(object).update();
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

    /** The hash of {@code object} as Skiff wants it, without its {@link #APPLIED} annotation. */
    static String hash(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String previous = annotations == null ? null : annotations.get(APPLIED);
        if (previous != null) {
            annotations.remove(APPLIED);
        }
        try {
            byte[] json = Serialization.asJson(object).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        } finally {
            if (previous != null) {
                annotations.put(APPLIED, previous);
            }
        }
    }

    private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
        Map<String, String> copy = map == null ? new TreeMap<>() : new TreeMap<>(map);
        copy.put(key, value);
        return copy;
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

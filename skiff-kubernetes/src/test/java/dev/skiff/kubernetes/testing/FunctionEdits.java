package dev.skiff.kubernetes.testing;

import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Edits a Function as a user would, again when the operator's status write came between the read
 * and the write (409): the operator reconciles as soon as what it owns changes, so a test's edit
 * races its status writes.
 */
public final class FunctionEdits {
    private FunctionEdits() {}

    /** Applies {@code change} to the Function {@code namespace/name}, retrying on a conflict. */
    public static void edit(KubernetesClient client, String namespace, String name, Consumer<FunctionResource> change) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            client.resources(FunctionResource.class).inNamespace(namespace).withName(name).edit(f -> {
                change.accept(f);
                return f;
            });
            return true;
        });
    }
}

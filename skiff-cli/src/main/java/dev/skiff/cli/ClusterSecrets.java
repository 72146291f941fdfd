package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.SecretRef;
import dev.skiff.kubernetes.model.FunctionResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code skiff secret} against a cluster: each Skiff secret is the Kubernetes Secret of its name in
 * the context's namespace (type Opaque, labelled as Skiff's), which the operator's pods mount at
 * {@code /var/skiff/secrets/NAME}. Values go to the API server and never come back to the terminal:
 * what is shown is the names of the keys and the Functions that name the secret.
 */
final class ClusterSecrets implements SecretTarget {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private final ClusterConnection cluster;

    private ClusterSecrets(ClusterConnection cluster) {
        this.cluster = cluster;
    }

    /** The secrets of the cluster {@code skiff}'s kubeconfig and context name, in its namespace. */
    static ClusterSecrets connect(SkiffCommand skiff) {
        return new ClusterSecrets(ClusterConnection.of(skiff));
    }

    @Override
    public JsonNode create(ObjectNode document) {
        String name = document.at("/metadata/name").asText();
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(cluster.namespace())
                .addToLabels(MANAGED_BY, "skiff").endMetadata().withType("Opaque").withData(data(document)).build();
        try {
            return shown(cluster.client().secrets().inNamespace(cluster.namespace()).resource(secret).create());
        } catch (KubernetesClientException e) {
            throw failure(name, e);
        }
    }

    @Override
    public JsonNode update(String name, ObjectNode document) {
        Secret existing = existing(name);
        existing.setData(data(document));
        existing.setStringData(null);
        try {
            return shown(cluster.client().secrets().inNamespace(cluster.namespace()).resource(existing).update());
        } catch (KubernetesClientException e) {
            throw failure(name, e);
        }
    }

    @Override
    public JsonNode list() {
        ObjectNode answer = Documents.json().createObjectNode();
        ArrayNode items = answer.putArray("items");
        cluster.client().secrets().inNamespace(cluster.namespace()).withLabel(MANAGED_BY, "skiff").list().getItems().stream()
                .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .forEach(secret -> items.add(shown(secret)));
        return answer;
    }

    @Override
    public void delete(String name, boolean force) {
        existing(name);
        List<String> using = usedBy(name);
        if (!using.isEmpty() && !force) {
            throw new CliException("secret '" + name + "' is named by the function(s) " + String.join(", ", using)
                    + " in " + cluster.where() + "; remove it from them first, or delete it with --force");
        }
        cluster.client().secrets().inNamespace(cluster.namespace()).withName(name).delete();
    }

    private Secret existing(String name) {
        Secret secret = cluster.client().secrets().inNamespace(cluster.namespace()).withName(name).get();
        if (secret == null) {
            throw new CliException("secret '" + name + "' not found in " + cluster.where());
        }
        return secret;
    }

    /** The document's values as a Secret's {@code data}: base64, {@code stringData} encoded here. */
    private static Map<String, String> data(ObjectNode document) {
        Map<String, String> data = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            data.put(entry.getKey(), entry.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("stringData").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            data.put(entry.getKey(), Base64.getEncoder().encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }

    /** A Secret as the server shows one: its name, keys and users, never a value. */
    private JsonNode shown(Secret secret) {
        ObjectNode node = Documents.json().createObjectNode();
        node.put("kind", "Secret");
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("name", secret.getMetadata().getName());
        metadata.put("namespace", cluster.namespace());
        metadata.put("creationTimestamp", secret.getMetadata().getCreationTimestamp());
        ArrayNode keys = node.putArray("keys");
        new TreeMap<>(secret.getData() == null ? Map.of() : secret.getData()).keySet().forEach(keys::add);
        ObjectNode status = node.putObject("status");
        status.putNull("updated");
        ArrayNode users = status.putArray("usedBy");
        usedBy(secret.getMetadata().getName()).forEach(users::add);
        return node;
    }

    /** The Functions of the namespace whose spec names the secret. */
    private List<String> usedBy(String name) {
        return cluster.client().resources(FunctionResource.class).inNamespace(cluster.namespace()).list().getItems().stream()
                .filter(f -> f.getSpec() != null && f.getSpec().secrets() != null
                        && f.getSpec().secrets().stream().map(SecretRef::name).anyMatch(name::equals))
                .map(f -> f.getMetadata().getName()).sorted().toList();
    }

    private CliException failure(String name, KubernetesClientException e) {
        if (e.getCode() == 409) {
            return new CliException("secret '" + name + "' exists in " + cluster.where()
                    + "; replace its values with 'skiff secret update "
                    + name + "'");
        }
        return new CliException("cannot write the secret '" + name + "' in " + cluster.where() + ": the API server answered "
                + e.getCode() + (e.getStatus() == null || e.getStatus().getMessage() == null ? "" : ": " + e.getStatus().getMessage()));
    }

    @Override
    public void close() {
        cluster.close();
    }
}

package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Where {@code skiff secret} keeps secrets: the server's {@code /api/v1/secrets}, or a cluster's
 * Secrets ({@link ClusterSecrets}). Each answer is a secret as the server shows it
 * ({@code metadata.name}, {@code keys}, {@code status.usedBy}), never a value.
 */
interface SecretTarget extends AutoCloseable {
    /** Makes the secret {@code document} describes ({@code metadata.name}, {@code stringData}, {@code data}). */
    JsonNode create(ObjectNode document) throws IOException, InterruptedException;

    /** Replaces every key and value of the secret {@code name}. */
    JsonNode update(String name, ObjectNode document) throws IOException, InterruptedException;

    /** {@code {"items": [...]}}. */
    JsonNode list() throws IOException, InterruptedException;

    /** Deletes {@code name}; refused while a function names it, unless {@code force}. */
    void delete(String name, boolean force) throws IOException, InterruptedException;

    @Override
    void close();

    /** The server's secrets, through {@code client}. */
    static SecretTarget server(SkiffClient client) {
        return new SecretTarget() {
            private static final String PATH = "/api/v1/secrets";

            @Override
            public JsonNode create(ObjectNode document) throws IOException, InterruptedException {
                return client.call("POST", PATH, document.toString());
            }

            @Override
            public JsonNode update(String name, ObjectNode document) throws IOException, InterruptedException {
                return client.call("PUT", PATH + "/" + SkiffClient.segment(name), document.toString());
            }

            @Override
            public JsonNode list() throws IOException, InterruptedException {
                return client.call("GET", PATH, null);
            }

            @Override
            public void delete(String name, boolean force) throws IOException, InterruptedException {
                client.call("DELETE", PATH + "/" + SkiffClient.segment(name) + (force ? "?force=true" : ""), null);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}

package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.Revision;
import dev.skiff.api.TrafficTarget;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the function commands (deploy, list, describe, delete, export, build) read and write
 * functions: a Skiff server's REST API, or a cluster's {@code Function} resources. Both answer the
 * REST API's JSON, so the same tables print either.
 */
public interface FunctionStore extends AutoCloseable {

    /** Creates a function; an {@link ApiException} with status 409 if it exists. */
    JsonNode create(Function function) throws IOException, InterruptedException;

    /** Replaces a function's spec. */
    JsonNode replace(Function function) throws IOException, InterruptedException;

    /** Every function: {@code {"items": [...]}}. */
    JsonNode list() throws IOException, InterruptedException;

    /** One function; an {@link ApiException} with status 404 if there is none. */
    JsonNode get(String name) throws IOException, InterruptedException;

    /** Deletes a function and answers it as it was. */
    JsonNode delete(String name) throws IOException, InterruptedException;

    /** What to print after a deploy when the answer carries no URL yet. */
    String pendingUrl(String name);

    /** Replaces the function's traffic table, making no new revision; answers the function. */
    JsonNode setTraffic(String name, List<TrafficTarget> traffic) throws IOException, InterruptedException;

    /** Changes the function's scaling bounds (a null bound stays), making no new revision; answers the function. */
    JsonNode scale(String name, Integer minScale, Integer maxScale) throws IOException, InterruptedException;

    /**
     * The function's revisions with their traffic and live activity, as {@code GET .../revisions}
     * answers them, where the store serves that (a Skiff server); empty elsewhere (a cluster, whose
     * revisions are Kubernetes objects of their own).
     */
    default Optional<JsonNode> revisionActivity(String name) throws IOException, InterruptedException {
        return Optional.empty();
    }

    /**
     * Every revision of the function with its whole spec, source included, where the store keeps
     * them (a Skiff server); empty elsewhere (a cluster keeps only the Function's current spec).
     */
    default List<Revision> revisionSpecs(String name) throws IOException, InterruptedException {
        return List.of();
    }

    @Override
    void close();
}

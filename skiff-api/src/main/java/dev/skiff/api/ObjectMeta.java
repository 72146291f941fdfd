package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The part of Kubernetes' object metadata that Skiff uses. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectMeta(
        String name,
        String namespace,
        Map<String, String> labels,
        Map<String, String> annotations,
        Long generation,
        String creationTimestamp) {

    /** Metadata carrying only a name. */
    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, null, null, null, null, null);
    }

    /** This metadata with the server-owned fields set. */
    public ObjectMeta withServerFields(long newGeneration, String created) {
        return new ObjectMeta(name, namespace, labels, annotations, newGeneration, created);
    }
}

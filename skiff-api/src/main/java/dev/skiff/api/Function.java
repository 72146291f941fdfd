package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A function, shaped like a Kubernetes resource so that the same document runs embedded and as
 * Skiff's {@code Function} custom resource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Function(String apiVersion, String kind, ObjectMeta metadata, FunctionSpec spec, FunctionStatus status) {

    /** The API group and version every Skiff resource carries. */
    public static final String API_VERSION = "skiff.dev/v1alpha1";
    /** The kind of a function resource. */
    public static final String KIND = "Function";

    /** A new function resource with the given name and spec and no status. */
    public static Function of(String name, FunctionSpec spec) {
        return new Function(API_VERSION, KIND, ObjectMeta.named(name), spec, null);
    }

    /** The function's name, or null when the metadata is missing. */
    public String name() {
        return metadata == null ? null : metadata.name();
    }

    /** The namespace it is in: {@link Namespaces#DEFAULT} when the metadata names none. */
    public String namespace() {
        return Namespaces.orDefault(metadata == null ? null : metadata.namespace());
    }

    /** How the embedded server keys it: its name, or {@code name.namespace} outside the default namespace. */
    public String key() {
        return Namespaces.key(namespace(), name());
    }

    /** This resource with another status. */
    public Function withStatus(FunctionStatus newStatus) {
        return new Function(apiVersion, kind, metadata, spec, newStatus);
    }

    /** This resource with other metadata. */
    public Function withMetadata(ObjectMeta newMetadata) {
        return new Function(apiVersion, kind, newMetadata, spec, status);
    }

    /** This resource with another spec. */
    public Function withSpec(FunctionSpec newSpec) {
        return new Function(apiVersion, kind, metadata, newSpec, status);
    }
}

package dev.skiff.api;

/** One thing wrong with a resource: the field's path (e.g. {@code spec.timeoutSeconds}) and why. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}

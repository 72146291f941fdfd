package dev.skiff.api;

/** A document that is not JSON or YAML at all (as opposed to one with a wrong field). */
public final class MalformedDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A parse failure with where and why. */
    public MalformedDocumentException(String message) {
        super(message);
    }
}

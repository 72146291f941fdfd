package dev.skiff.server.serving;

/** A worker did not become ready; the message says why, in the worker's own words where it gave them. */
public final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A start failure with its reason. */
    public StartException(String message) {
        super(message);
    }
}

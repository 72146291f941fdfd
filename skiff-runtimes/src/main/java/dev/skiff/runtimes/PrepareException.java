package dev.skiff.runtimes;

/** A deploy-time preparation (e.g. installing requirements) failed; the message is the tool's own. */
public final class PrepareException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with a message a person can act on. */
    public PrepareException(String message) {
        super(message);
    }
}

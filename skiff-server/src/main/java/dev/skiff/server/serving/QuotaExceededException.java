package dev.skiff.server.serving;

/** A namespace's quota leaves no room for another instance; the message names the quota, its limit and the usage. */
public final class QuotaExceededException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal saying why; without a stack trace, as an autoscaler at its quota meets one on every tick. */
    public QuotaExceededException(String message) {
        super(message, null, false, false);
    }
}

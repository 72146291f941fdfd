package dev.skiff.kubernetes.translate;

/** A resource that is valid on its own but cannot be made into Kubernetes objects; the reason is a status condition's. */
public final class TranslationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    /** A failure with a condition reason ({@code SourceTooLarge}) and a message for a person. */
    public TranslationException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The condition reason, CamelCase. */
    public String reason() {
        return reason;
    }
}

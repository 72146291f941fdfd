package dev.skiff.cli;

/** A failure the user is told about in one line, {@code error: <message>}, with exit status 1. */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with this message for the user. */
    public CliException(String message) {
        super(message);
    }

    /** A failure with this message for the user, caused by {@code cause} (shown only with --verbose). */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}

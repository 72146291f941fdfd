package dev.skiff.runtimes;

import java.io.IOException;

/**
 * A function's source cannot be written out: a corrupt or oversized archive, or an entry that would
 * land outside the function's directory. The user's mistake, unlike other {@link IOException}s.
 */
public final class InvalidSourceException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message a person can act on. */
    public InvalidSourceException(String message) {
        super(message);
    }

    /** A failure caused by the archive library's own complaint. */
    public InvalidSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}

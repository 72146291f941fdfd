package dev.skiff.server.errors;

import dev.skiff.api.Quote;

/** A failure to report to the client as {@code {error, message}} with the code's status. */
public final class SkiffException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    /** A failure with a message for a person. */
    public SkiffException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The code, which fixes the HTTP status. */
    public ErrorCode code() {
        return code;
    }

    /** A 404 for a function that does not exist. */
    public static SkiffException noFunction(String name) {
        return new SkiffException(ErrorCode.NOT_FOUND, "function " + Quote.value(name) + " not found");
    }

    /** A 413 for a body over {@code function}'s limit of {@code limit} bytes. */
    public static SkiffException tooLarge(String function, long limit) {
        return new SkiffException(ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is over " + function + "'s limit of " + limit + " bytes (spec.maxRequestSize)");
    }
}

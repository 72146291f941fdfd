package dev.skiff.cli;

/** An error answer from the Skiff server: its HTTP status, its {@code error} code and its message. */
public final class ApiException extends CliException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    /** The server answered {@code status} with this code (may be null when the body was not Skiff's JSON). */
    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The {@code error} field of the answer, e.g. {@code AlreadyExists}, or null. */
    public String code() {
        return code;
    }

    /** True when the server refused a create because the function exists. */
    public boolean isAlreadyExists() {
        return status == 409;
    }
}

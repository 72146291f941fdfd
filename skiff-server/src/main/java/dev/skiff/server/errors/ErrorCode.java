package dev.skiff.server.errors;

/** Every error Skiff's HTTP API answers, with its status; the names are the JSON {@code error} field. */
public enum ErrorCode {
    /** The body is not the JSON or YAML expected. */
    MALFORMED_REQUEST(400, "MalformedRequest"),
    /** A field of the resource is wrong. */
    VALIDATION_FAILED(400, "ValidationFailed"),
    /** No token, or one that is not valid (unknown or revoked), on a route that needs one. */
    UNAUTHORIZED(401, "Unauthorized"),
    /**
     * The token's role does not allow the action; or a browser's request from another site, or one naming a host the server does not answer to
     * (DNS rebinding), on a management route.
     */
    FORBIDDEN(403, "Forbidden"),
    /** No such function or route. */
    NOT_FOUND(404, "NotFound"),
    /** A create of something that exists. */
    ALREADY_EXISTS(409, "AlreadyExists"),
    /** The request cannot apply to the resource as it is, e.g. a rollback with no earlier revision. */
    CONFLICT(409, "Conflict"),
    /** A delete of something still in use, e.g. a volume a function mounts. */
    IN_USE(409, "InUse"),
    /** A secret's values cannot be opened: the secrets key file is missing, unreadable or another key. */
    SECRET_UNREADABLE(409, "SecretUnreadable"),
    /** The body is over the route's or the function's limit. */
    PAYLOAD_TOO_LARGE(413, "PayloadTooLarge"),
    /** A namespace's quota would be passed (the message names the quota, its limit and the usage). */
    QUOTA_EXCEEDED(429, "QuotaExceeded"),
    /** The body's media type is not one the route reads, e.g. a form sent to a route that reads JSON. */
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType"),
    /** The code did not install or load. */
    DEPLOY_FAILED(422, "DeployFailed"),
    /** The handler raised. */
    FUNCTION_ERROR(500, "FunctionError"),
    /** Something inside Skiff failed. */
    INTERNAL(500, "InternalError"),
    /** The instance died while serving. */
    INSTANCE_FAILED(502, "InstanceFailed"),
    /** The kernel killed the instance serving the request for using more memory than its limit. */
    OUT_OF_MEMORY(502, "OutOfMemory"),
    /** Stopping, or no instance became free in time. */
    UNAVAILABLE(503, "Unavailable"),
    /** The request ran past the function's timeout. */
    TIMEOUT(504, "Timeout");

    private final int status;
    private final String label;

    ErrorCode(int status, String label) {
        this.status = status;
        this.label = label;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The name in the JSON body. */
    public String label() {
        return label;
    }
}

package dev.skiff.server.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.api.MalformedDocumentException;
import dev.skiff.api.ValidationException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure into the API's {@code {error, message}} answer; unexpected ones are logged, never shown as traces. */
public final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
    /** What a 503 tells the client to wait before it retries. */
    public static final String RETRY_AFTER_SECONDS = "1";
    /** The {@code WWW-Authenticate} header of every 401 (RFC 6750). */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"skiff\"";

    private Errors() {}

    /** The client-facing form of a failure. */
    public static SkiffException classify(Throwable failure) {
        if (failure instanceof SkiffException skiff) {
            return skiff;
        }
        if (failure instanceof ValidationException invalid) {
            return new SkiffException(ErrorCode.VALIDATION_FAILED, invalid.getMessage());
        }
        if (failure instanceof MalformedDocumentException malformed) {
            return new SkiffException(ErrorCode.MALFORMED_REQUEST, malformed.getMessage());
        }
        if (failure instanceof DecodeException || failure instanceof JsonProcessingException) {
            return new SkiffException(ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON");
        }
        LOG.error("unexpected failure", failure);
        return new SkiffException(ErrorCode.INTERNAL, "internal error; the server's log has the details");
    }

    /** The failure for a status a handler of the router failed with but gave no reason (e.g. Vert.x's own 413). */
    public static SkiffException ofStatus(int status) {
        return switch (status) {
            case 413 -> new SkiffException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is over this route's limit");
            case 415 -> new SkiffException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "this route does not read that media type");
            case 404 -> new SkiffException(ErrorCode.NOT_FOUND, "no such resource");
            default -> status >= 500 ? new SkiffException(ErrorCode.INTERNAL, "internal error; the server's log has the details")
                    : new SkiffException(ErrorCode.MALFORMED_REQUEST, "the request could not be read");
        };
    }

    /** Ends the response with the failure's status and JSON body. */
    public static void write(HttpServerResponse response, Throwable failure) {
        write(response, classify(failure), Map.of());
    }

    /** Ends the response with the failure's status and a JSON body carrying {@code extra} fields too. */
    public static void write(HttpServerResponse response, SkiffException failure, Map<String, Object> extra) {
        write(response, failure.code().status(), failure, extra);
    }

    /** Ends the response with {@code status} (for APIs whose codes differ from Skiff's) and the failure's body. */
    public static void write(HttpServerResponse response, int status, SkiffException failure, Map<String, Object> extra) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (failure.code() == ErrorCode.UNAVAILABLE || failure.code() == ErrorCode.QUOTA_EXCEEDED) {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (failure.code() == ErrorCode.UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", BEARER_CHALLENGE);
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json(failure, extra));
    }

    /** The JSON body for a failure: {@code {error, message}} and the {@code extra} fields. */
    public static String json(SkiffException failure, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", failure.code().label());
        body.put("message", failure.getMessage());
        body.putAll(extra);
        try {
            return Documents.json().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body cannot be encoded", e);
        }
    }
}

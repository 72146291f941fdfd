package dev.skiff.core.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Quote;
import java.util.Optional;

/**
 * What one attempt at a job came to, read from the function's answer (docs/worker-contract.md, the
 * command runtime). A 2xx answer succeeded, with the job's timing record ({@code "ID"}, {@code "runID"},
 * {@code "Start Time"}, … {@code "Execution Error"}) kept whole, every field the function gave. Any
 * other answer failed: an error body {@code {"error", "message", "record", "records"}} keeps its code,
 * message and the failing job's record (its {@code record}, else the last of its {@code records});
 * any other body keeps the status and at most {@link #MOST_SHOWN} characters of the body.
 */
public sealed interface JobOutcome permits JobOutcome.Succeeded, JobOutcome.Failed {
    /** The most characters of an answer that is not a record that an outcome keeps. */
    int MOST_SHOWN = 500;

    /** The HTTP status of the answer, 0 when there was none. */
    int status();

    /** The job's timing record, when the answer had one. */
    Optional<ObjectNode> record();

    /**
     * The job ran and succeeded.
     *
     * @param status the HTTP status, 2xx
     * @param timing the job's record; for a 2xx answer that is not a record, an object whose {@code answer} is its start
     */
    record Succeeded(int status, ObjectNode timing) implements JobOutcome {
        /** The job's record, always present. */
        @Override
        public Optional<ObjectNode> record() {
            return Optional.of(timing);
        }
    }

    /**
     * The attempt failed.
     *
     * @param status the HTTP status, 0 when no answer came (a timeout, a broken connection)
     * @param error the function's error code ({@code CommandFailed}, {@code MissingInput}, …), else {@code HTTP <status>}
     * @param message why, in the function's words, else the start of its answer
     * @param timing the failing job's record, null when the answer had none
     * @param retryable whether another attempt may succeed ({@link JobOutcome#retryable(int, String)})
     */
    record Failed(int status, String error, String message, ObjectNode timing, boolean retryable) implements JobOutcome {
        /** The failing job's record, when the answer had one. */
        @Override
        public Optional<ObjectNode> record() {
            return Optional.ofNullable(timing);
        }
    }

    /** The outcome of an answer with status {@code httpStatus} and body {@code body} (null for none). */
    static JobOutcome of(int httpStatus, String body) {
        JsonNode json = json(body);
        if (httpStatus >= 200 && httpStatus < 300) {
            ObjectNode timing = lastObject(json);
            if (timing == null) {
                timing = JsonNodeFactory.instance.objectNode();
                if (body != null && !body.isBlank()) {
                    timing.put("answer", Quote.plain(body.strip(), MOST_SHOWN));
                }
            }
            return new Succeeded(httpStatus, timing);
        }
        String error = json != null && json.path("error").isTextual() ? json.get("error").asText() : "HTTP " + httpStatus;
        String message = json != null && json.path("message").isTextual() ? json.get("message").asText()
                : body == null || body.isBlank() ? "no body" : Quote.plain(body.strip(), MOST_SHOWN);
        ObjectNode timing = json == null ? null
                : json.path("record").isObject() ? (ObjectNode) json.get("record") : lastObject(json.get("records"));
        return new Failed(httpStatus, error, message, timing, retryable(httpStatus, error));
    }

    /** The outcome of an attempt that got no answer: timed out, or the connection failed; {@code reason} says which. */
    static Failed noAnswer(String reason) {
        return new Failed(0, "NoAnswer", reason, null, true);
    }

    /**
     * Whether a failed attempt is worth another: no answer (0), 408, 429 and every 5xx (the command
     * failed, a declared output is missing, the instance died or timed out, the server was busy);
     * also 400 {@code MissingInput}: its parents succeeded, so the file should exist, and on a shared
     * volume (NFS, an object-store mount) it can appear late. Any other 4xx is a job the function will
     * refuse every time (a bad path, a command not allowed, no such function), so it fails at once.
     */
    static boolean retryable(int status, String error) {
        return status == 0 || status == 408 || status == 429 || status >= 500 && status < 600
                || status == 400 && "MissingInput".equals(error);
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Documents.json().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@code node} when it is an object, else the last object in it when it is a list, else null. */
    private static ObjectNode lastObject(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        if (node != null && node.isArray()) {
            for (int i = node.size() - 1; i >= 0; i--) {
                if (node.get(i) instanceof ObjectNode object) {
                    return object;
                }
            }
        }
        return null;
    }
}

package dev.skiff.core.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed-002 agent's contract, in one place for both servers that serve it: a request body is a
 * JSON object; {@code POST /deploy}'s {@code handler} (the Python source defining {@code
 * handle(req)}), optional {@code id} and {@code requirements} make a python3 function whose module is
 * {@code handler.py}; a function's {@code image} is {@code skiff/NAME:REVISION}. Pure.
 */
public final class AgentRequests {
    /** The platform every answer names. */
    public static final String PLATFORM = "skiff";
    private static final String MODULE = "handler";

    private AgentRequests() {}

    /** A request the agent refuses with 400: {@code malformed} when the body is not a JSON object. */
    public static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean malformed;

        BadRequest(boolean malformed, String message) {
            super(message, null, false, false);
            this.malformed = malformed;
        }

        /** True when the body was not a JSON object; false when a field was wrong. */
        public boolean malformed() {
            return malformed;
        }
    }

    /** {@code body} as a JSON object, or a malformed {@link BadRequest}. */
    public static JsonNode object(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : Documents.json().readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest(true, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest(true, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The string {@code field} of {@code body}, null when absent; a {@link BadRequest} when it is not a string. */
    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest(false, field + " must be a string");
        }
        return value.asText();
    }

    /** The function a {@code POST /deploy} body describes (not yet validated); a generated id when it names none. */
    public static Function deployed(JsonNode body) {
        String handler = text(body, "handler");
        if (handler == null || handler.isBlank()) {
            throw new BadRequest(false, "handler is required: the Python source defining handle(req)");
        }
        String id = text(body, "id");
        return Function.of(id == null || id.isBlank() ? "func-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
                : id, FunctionSpec.builder().runtime("python3").handler(MODULE + ".handle")
                .source(Source.text(MODULE + ".py", handler)).requirements(text(body, "requirements")).build());
    }

    /** The agent's name for function {@code name} at its ready revision {@code revision} (null: none yet). */
    public static String image(String name, String revision) {
        return "skiff/" + name + ":" + (revision == null ? "latest" : revision);
    }
}

package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Fields of the server's workflow document as the CLI reads them: text or null, instants or null. */
final class WorkflowJson {
    private WorkflowJson() {}

    /** An ISO-8601 timestamp, or seconds since the epoch (as some workflow records give them); null otherwise. */
    static Instant instant(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A field's text, null when it is missing or null. */
    static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}

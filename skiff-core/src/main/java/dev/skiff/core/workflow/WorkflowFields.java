package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the values a workflow parser needs from a document's tree, noting each one of the wrong
 * shape as a {@link FieldError} with its path; keys no parser asks for are never looked at.
 */
final class WorkflowFields {
    private WorkflowFields() {}

    /** The text of {@code node}'s field {@code key} (a string or a number), or null when absent, null or of another type (noted). */
    static String text(JsonNode node, String key, String field, List<FieldError> errors) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!isScalarText(value)) {
            errors.add(new FieldError(field, "must be a string, found " + kind(value)));
            return null;
        }
        return value.asText();
    }

    /** Like {@link #text}, but noting an absent, null or blank value as missing: "is required" and {@code why}. */
    static String required(JsonNode node, String key, String field, String why, List<FieldError> errors) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            errors.add(new FieldError(field, "is required" + why));
            return null;
        }
        return text(node, key, field, errors);
    }

    /** The items of {@code node}'s list field {@code key}; empty when absent or null, and when not a list (noted). */
    static List<JsonNode> list(JsonNode node, String key, String field, List<FieldError> errors) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            errors.add(new FieldError(field, "must be a list, found " + kind(value)));
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        value.forEach(items::add);
        return items;
    }

    /**
     * The texts of a list of strings (numbers are taken as their text); empty strings, which name
     * nothing, are skipped, and any other item is noted.
     */
    static List<String> texts(JsonNode node, String key, String field, List<FieldError> errors) {
        List<JsonNode> items = list(node, key, field, errors);
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!isScalarText(item)) {
                errors.add(new FieldError(field + "[" + i + "]", "must be a string, found " + kind(item)));
            } else if (!item.asText().isEmpty()) {
                texts.add(item.asText());
            }
        }
        return texts;
    }

    /** The object at {@code node}'s field {@code key}, or null when absent or not an object. */
    static JsonNode object(JsonNode node, String key) {
        JsonNode value = node == null ? null : node.get(key);
        return value != null && value.isObject() ? value : null;
    }

    /** Whether {@code node} is a string or a number, whose text is its value. */
    static boolean isScalarText(JsonNode node) {
        return node.isTextual() || node.isNumber();
    }

    /** What a value is, for a message: "a list", "a mapping", "true", "null", or the value quoted. */
    static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? "an empty string" : Quote.value(node.asText());
        }
        return node.isMissingNode() ? "nothing" : node.toString();
    }
}

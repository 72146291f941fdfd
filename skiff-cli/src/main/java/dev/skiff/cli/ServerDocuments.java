package dev.skiff.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the server answers and prints it back. Reading is lenient: a newer server may add
 * fields this client does not know, and printing keeps them.
 */
public final class ServerDocuments {
    private static final ObjectMapper LENIENT = Documents.json().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ServerDocuments() {}

    /** Parses an answer's body as JSON. */
    public static JsonNode parse(String body) {
        try {
            return LENIENT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliException("the server answered something that is not JSON: " + firstLine(body), e);
        }
    }

    /** The function in a server answer. */
    public static Function function(JsonNode node) {
        try {
            return LENIENT.treeToValue(node, Function.class);
        } catch (JsonProcessingException e) {
            throw new CliException(
                    "the server answered a function this client cannot read: " + e.getOriginalMessage(), e);
        }
    }

    /** The functions of a {@code {"items": [...]}} answer. */
    public static List<Function> functions(JsonNode list) {
        List<Function> functions = new ArrayList<>();
        list.path("items").forEach(item -> functions.add(function(item)));
        return functions;
    }

    /** The text of each item of a JSON array (none when it is not one). */
    public static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** The document as indented JSON. */
    public static String prettyJson(JsonNode node) {
        try {
            return LENIENT.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The document as YAML. */
    public static String yaml(JsonNode node) {
        return Documents.toYaml(node);
    }

    private static String firstLine(String body) {
        String line = body == null ? "" : body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}

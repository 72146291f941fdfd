package dev.skiff.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes Skiff resources as JSON or YAML, strictly: unknown fields are refused, so a
 * misspelt setting is an error rather than silently ignored; a value of the wrong type is refused
 * rather than converted (no {@code "100"} for a number, {@code 99.5} for a whole number, {@code 123}
 * for a string, {@code "true"} for a boolean); a field given twice and a second document after the
 * first are refused. What is wrong is said in plain words naming the field ({@link DocumentErrors}).
 */
public final class Documents {
    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build()));

    private Documents() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.EmptyString);
        return mapper;
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** The JSON mapper resources are read and written with. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The YAML mapper resources are read and written with. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /**
     * Parses one JSON or YAML document (YAML is tried unless it starts with '{').
     *
     * @throws MalformedDocumentException when it is neither, or is followed by more
     * @throws ValidationException when a field is unknown, has the wrong type or is too large
     */
    public static <T> T read(String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw new MalformedDocumentException("the body is empty; expected a JSON or YAML document");
        }
        boolean json = text.stripLeading().startsWith("{");
        ObjectMapper mapper = json ? JSON : YAML;
        try (JsonParser parser = mapper.createParser(text)) {
            try {
                T value = mapper.readValue(parser, type);
                if (value == null) {
                    throw new MalformedDocumentException("the body is empty; expected a JSON or YAML document");
                }
                if (!ended(parser, json)) {
                    throw DocumentErrors.trailing(parser, json);
                }
                return value;
            } catch (JsonProcessingException e) {
                throw DocumentErrors.of(e, parser, json, mapper.getFactory().streamReadConstraints());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a document from a string", e);
        }
    }

    /** True when nothing follows the document but, in YAML, empty documents (a closing {@code ---}). */
    private static boolean ended(JsonParser parser, boolean json) throws IOException {
        JsonToken next = parser.nextToken();
        while (!json && (next == JsonToken.VALUE_NULL || next == JsonToken.VALUE_STRING) && parser.getText().isEmpty()) {
            next = parser.nextToken();
        }
        return next == null;
    }

    /** Writes a resource as YAML. */
    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }
}

package dev.skiff.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes Skiff resources as JSON or YAML. Unknown fields are refused, so a misspelt
 * setting is an error rather than silently ignored.
 */
public final class Documents {
    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)));

    private Documents() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
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
     * Parses a JSON or YAML document (YAML is tried unless it starts with '{').
     *
     * @throws MalformedDocumentException when it is neither
     * @throws ValidationException when a field is unknown or has the wrong type
     */
    public static <T> T read(String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw new MalformedDocumentException("the body is empty; expected a JSON or YAML document");
        }
        boolean json = text.stripLeading().startsWith("{");
        try {
            T value = (json ? JSON : YAML).readValue(text, type);
            if (value == null) {
                throw new MalformedDocumentException("the body is empty; expected a JSON or YAML document");
            }
            return value;
        } catch (JsonProcessingException e) {
            if (isSyntaxError(e)) {
                throw new MalformedDocumentException("the body " + describe(e, json));
            }
            throw ValidationException.of(path(e), describe(e, json));
        }
    }

    /** Writes a resource as YAML. */
    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    /** True when the text itself is broken, which Jackson may report wrapped in a mapping exception. */
    private static boolean isSyntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException) {
                return true;
            }
        }
        return false;
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return "body";
    }

    private static String describe(JsonProcessingException e, boolean json) {
        String where = location(e.getLocation());
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field" + where + "; known fields: " + unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + expected(mismatch.getTargetType()) + where;
        }
        String detail = e.getOriginalMessage();
        int cut = detail.indexOf('\n');
        return "is not valid " + (json ? "JSON" : "YAML") + where + ": " + (cut > 0 ? detail.substring(0, cut) : detail);
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of names to values";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    private static String location(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}

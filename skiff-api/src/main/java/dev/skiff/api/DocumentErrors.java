package dev.skiff.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Says in plain words why {@link Documents#read} could not read a document: the field's path, what
 * was expected and what was found, and where; never the parser's class names or settings.
 */
final class DocumentErrors {
    private DocumentErrors() {}

    /** The exception for a failed read of the document {@code parser} was reading. */
    static RuntimeException of(JsonProcessingException e, JsonParser parser, boolean json, StreamReadConstraints limits) {
        String where = location(e.getLocation());
        StreamConstraintsException limit = cause(e, StreamConstraintsException.class);
        if (limit != null) {
            return ValidationException.of(path(e), limit(limit, limits));
        }
        InputCoercionException range = cause(e, InputCoercionException.class);
        if (range != null) {
            return ValidationException.of(path(e), "must be " + expected(range.getTargetType()) + range(range.getTargetType())
                    + ", found " + text(parser) + where);
        }
        if (cause(e, JsonParseException.class) != null) {
            return new MalformedDocumentException("the body is not valid " + (json ? "JSON" : "YAML") + where + ": "
                    + SyntaxWords.of(e));
        }
        return ValidationException.of(path(e), mismatch(e, parser) + where);
    }

    /** The exception for a document followed by more than white space. */
    static MalformedDocumentException trailing(JsonParser parser, boolean json) {
        return new MalformedDocumentException("the body goes on after its " + (json ? "JSON" : "YAML") + " document"
                + location(parser.currentTokenLocation()) + "; send one document");
    }

    private static String mismatch(JsonProcessingException e, JsonParser parser) {
        if (e instanceof PropertyBindingException unknown) {
            return "unknown field; known fields: " + unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
        }
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (e instanceof InvalidFormatException format && target != null && target.isEnum()) {
            return Quote.value(String.valueOf(format.getValue())) + " is not " + expected(target);
        }
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_FLOAT && wholeNumber(target)) {
            return fraction(parser);
        }
        String found = found(parser, token);
        return target == null ? "cannot be read" + (found == null ? "" : ": found " + found)
                : "must be " + expected(target) + (found == null ? "" : ", found " + found);
    }

    private static String fraction(JsonParser parser) {
        String text = text(parser);
        try {
            BigInteger whole = parser.getDecimalValue().toBigIntegerExact();
            return "must be a whole number, found " + text + "; write " + whole;
        } catch (ArithmeticException | IOException notWhole) {
            return text + " is not a whole number";
        }
    }

    private static String found(JsonParser parser, JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> "the string " + Quote.value(text(parser));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + text(parser);
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            default -> null;
        };
    }

    private static String text(JsonParser parser) {
        try {
            return Quote.plain(parser.getText(), Quote.MAX_SHOWN);
        } catch (IOException e) {
            return "a value";
        }
    }

    private static String limit(StreamConstraintsException e, StreamReadConstraints limits) {
        String what = e.getOriginalMessage();
        if (what.startsWith("String value length")) {
            return "is longer than " + limits.getMaxStringLength() + " characters, the most one value may hold";
        }
        if (what.startsWith("Number value length")) {
            return "has a number longer than " + limits.getMaxNumberLength() + " digits";
        }
        if (what.startsWith("Document nesting depth")) {
            return "is nested more than " + limits.getMaxNestingDepth() + " levels deep";
        }
        if (what.startsWith("Name length")) {
            return "has a field name longer than " + limits.getMaxNameLength() + " characters";
        }
        return "is larger than a document may be";
    }

    private static boolean wholeNumber(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class;
    }

    /** What a value of {@code type} looks like, in words. */
    static String expected(Class<?> type) {
        if (wholeNumber(type)) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of names to values";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "";
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? Quote.key(ref.getFieldName()) : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return "body";
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Where in the text, as {@code (line L, column C)}, or nothing when the parser did not say. */
    static String location(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}

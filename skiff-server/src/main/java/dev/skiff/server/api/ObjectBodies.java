package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.MalformedDocumentException;
import dev.skiff.api.Quote;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;

/**
 * A request body that must be one object, read as {@link Documents#read} reads documents: strict
 * JSON when it starts with a brace (a truncated one is refused, not read as YAML), YAML otherwise,
 * nothing after it. 400 {@code MalformedRequest} otherwise, showing an {@code example}.
 */
final class ObjectBodies {
    private ObjectBodies() {}

    /** The object; a body that does not parse is refused naming what is wrong with it. */
    static JsonNode read(String text, String example) {
        return read(text, example, true);
    }

    /**
     * The object; a body that does not parse is refused without the parser's words, which quote the
     * text around the problem: for bodies that may hold a secret value.
     */
    static JsonNode readQuotingNothing(String text, String example) {
        return read(text, example, false);
    }

    private static JsonNode read(String text, String example, boolean quote) {
        JsonNode body;
        try {
            body = Documents.read(text, JsonNode.class);
        } catch (MalformedDocumentException e) {
            throw new SkiffException(ErrorCode.MALFORMED_REQUEST, "the body is not a JSON or YAML object such as " + example
                    + (quote ? ": " + Quote.plain(e.getMessage(), Quote.MAX_SHOWN)
                            : " (what is wrong in it is not repeated here: it may hold a secret value)"));
        }
        if (!body.isObject()) {
            throw new SkiffException(ErrorCode.MALFORMED_REQUEST, "the body must be an object such as " + example);
        }
        return body;
    }
}

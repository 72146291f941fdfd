package dev.skiff.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A Function document as a user writes it: Skiff's own, or a kubeless {@code kubeless.io/v1beta1} Function. */
public final class FunctionDocument {
    private FunctionDocument() {}

    /**
     * The Skiff Function {@code text} (JSON or YAML) describes, translating a kubeless one.
     *
     * @throws MalformedDocumentException when it is not one JSON or YAML document
     * @throws ValidationException when a field is wrong (for kubeless: see {@link KubelessFunction#toFunction})
     */
    public static Function read(String text) {
        JsonNode tree = Documents.read(text, JsonNode.class);
        return KubelessFunction.is(tree) ? KubelessFunction.toFunction(tree) : Documents.read(text, Function.class);
    }
}

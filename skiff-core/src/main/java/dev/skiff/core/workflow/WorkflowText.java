package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.MalformedDocumentException;

/**
 * Reads a workflow file's text (JSON, or YAML unless it starts with '{') into a tree, with
 * {@link Documents}' limits and its plain-words reasons for text that is neither. Among the limits,
 * a YAML document holds at most 3 MiB (a few thousand jobs); a larger workflow is read as JSON,
 * which has no such limit, and the message says so.
 */
final class WorkflowText {
    private WorkflowText() {}

    /**
     * The document's tree.
     *
     * @throws MalformedDocumentException when the text is empty, not JSON or YAML, or holds more than one document
     */
    static JsonNode read(String text) {
        try {
            return Documents.read(text, JsonNode.class);
        } catch (MalformedDocumentException e) {
            String message = e.getMessage();
            throw new MalformedDocumentException(message.startsWith("the body")
                    ? "the workflow file" + message.substring("the body".length()) : message);
        }
    }
}

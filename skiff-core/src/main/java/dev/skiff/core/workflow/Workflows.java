package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.ValidationException;

/**
 * Reads a workflow file of either format Skiff runs, telling them apart by their shape: a top-level
 * {@code jobs} list is a Pegasus 5 workflow ({@link PegasusWorkflow}), a top-level {@code workflow}
 * object a WfCommons WfFormat instance ({@link WfFormatWorkflow}).
 */
public final class Workflows {
    private Workflows() {}

    /**
     * The workflow in {@code text}, JSON or YAML.
     *
     * @throws dev.skiff.api.MalformedDocumentException when the text is not JSON or YAML
     * @throws ValidationException when it is neither format, or naming what is wrong in it
     */
    public static WorkflowDefinition parse(String text) {
        JsonNode root = WorkflowText.read(text);
        if (root.isObject() && root.has("jobs")) {
            return PegasusWorkflow.from(root);
        }
        if (root.isObject() && root.path("workflow").isObject()) {
            return WfFormatWorkflow.from(root);
        }
        throw ValidationException.of("workflow", "not a Pegasus 5 workflow (no jobs) nor a WfFormat instance "
                + "(no workflow.specification)");
    }
}

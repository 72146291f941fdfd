package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The program a WfFormat task runs and its arguments. The program is {@code command.program} (in
 * 1.5 on the task's entry in {@code workflow.execution.tasks}, else on the task itself, as the
 * older forms have it), else the task's {@code category} (execution entry first), else its name;
 * the arguments are the {@code command.arguments} found the same way (or, in the oldest form, the
 * task's own {@code arguments}), else none.
 *
 * @param program the transformation the task runs
 * @param arguments its arguments, as text
 */
record WfFormatCommand(String program, List<String> arguments) {
    /**
     * The command of {@code task} named {@code name}, with {@code execution} its entry in
     * {@code workflow.execution.tasks} (null when none); {@code field} and {@code executionField} are their paths.
     */
    static WfFormatCommand of(String name, JsonNode task, String field, JsonNode execution, String executionField,
                              List<FieldError> errors) {
        JsonNode ranCommand = WorkflowFields.object(execution, "command");
        JsonNode ownCommand = WorkflowFields.object(task, "command");
        String program = first(text(ranCommand, "program"), text(ownCommand, "program"),
                text(execution, "category"), text(task, "category"), name);
        List<String> arguments;
        if (ranCommand != null && ranCommand.has("arguments")) {
            arguments = arguments(ranCommand, executionField + ".command.arguments", errors);
        } else if (ownCommand != null && ownCommand.has("arguments")) {
            arguments = arguments(ownCommand, field + ".command.arguments", errors);
        } else {
            arguments = arguments(task, field + ".arguments", errors);
        }
        return new WfFormatCommand(program, arguments);
    }

    private static List<String> arguments(JsonNode holder, String field, List<FieldError> errors) {
        List<JsonNode> items = WorkflowFields.list(holder, "arguments", field, errors);
        List<String> arguments = new ArrayList<>(items.size());
        for (int a = 0; a < items.size(); a++) {
            JsonNode item = items.get(a);
            if (WorkflowFields.isScalarText(item) || item.isBoolean()) {
                arguments.add(item.asText());
            } else {
                errors.add(new FieldError(field + "[" + a + "]", "must be a string, found " + WorkflowFields.kind(item)));
            }
        }
        return arguments;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node == null ? null : node.get(key);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}

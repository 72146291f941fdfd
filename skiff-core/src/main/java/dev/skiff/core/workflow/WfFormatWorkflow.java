package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads a WfCommons WfFormat instance (JSON, or the same as YAML). Schema 1.5 describes the workflow
 * in {@code workflow.specification}: {@code tasks}, each with {@code name}, {@code id},
 * {@code parents} and {@code children} (task IDs) and {@code inputFiles} and {@code outputFiles}
 * (IDs of {@code files} entries, which are the files' names or paths, used as they are), while each
 * task's program and arguments are on its entry in {@code workflow.execution.tasks}
 * ({@link WfFormatCommand}). Versions up to 1.4 list the tasks flat in {@code workflow.tasks}
 * ({@link WfFormatFlat}). The dependencies are the ones the file gives; none are inferred from files.
 * Every other key is ignored.
 */
public final class WfFormatWorkflow {
    private static final String TASKS = "workflow.specification.tasks";

    private WfFormatWorkflow() {}

    /**
     * The workflow in {@code text}.
     *
     * @throws dev.skiff.api.MalformedDocumentException when the text is not JSON or YAML
     * @throws dev.skiff.api.ValidationException naming each task, field or dependency that is wrong
     */
    public static WorkflowDefinition parse(String text) {
        return from(WorkflowText.read(text));
    }

    /** The workflow in a document already read. */
    static WorkflowDefinition from(JsonNode root) {
        JsonNode workflow = WorkflowFields.object(root, "workflow");
        if (workflow == null) {
            throw ValidationException.of("workflow", "is required: a mapping with specification (WfFormat 1.5) or tasks (older versions)");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = WorkflowFields.text(root, "name", "name", errors);
        name = name == null ? "workflow" : name;
        JsonNode specification = WorkflowFields.object(workflow, "specification");
        if (specification != null) {
            return specification(name, specification, WorkflowFields.object(workflow, "execution"), errors);
        }
        if (workflow.has("tasks") || workflow.has("jobs")) {
            return WfFormatFlat.from(name, workflow, errors);
        }
        errors.add(new FieldError("workflow.specification", "is required: WfFormat 1.5 lists the tasks in "
                + TASKS + ", older versions in workflow.tasks"));
        throw WorkflowErrors.of(errors);
    }

    private static WorkflowDefinition specification(String name, JsonNode specification, JsonNode execution,
                                                    List<FieldError> errors) {
        List<JsonNode> entries = WorkflowFields.list(specification, "tasks", TASKS, errors);
        if (entries.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError(TASKS, "a workflow needs at least one task"));
        }
        Map<String, JsonNode> ran = executions(execution);
        Map<String, Integer> index = new HashMap<>(entries.size() * 2);
        List<WfFormatTask> tasks = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String field = TASKS + "[" + i + "]";
            JsonNode task = entries.get(i);
            if (!task.isObject()) {
                errors.add(new FieldError(field, "must be a mapping with name, id, parents and children, found "
                        + WorkflowFields.kind(task)));
                continue;
            }
            int before = errors.size();
            String id = WorkflowFields.required(task, "id", field + ".id", "", errors);
            String taskName = WorkflowFields.required(task, "name", field + ".name", "", errors);
            if (id != null) {
                Integer earlier = index.putIfAbsent(id, i);
                if (earlier != null) {
                    errors.add(new FieldError(field + ".id", Quote.value(id) + " is also the ID of " + TASKS + "[" + earlier + "]"));
                }
            }
            WfFormatCommand command = WfFormatCommand.of(taskName, task, field, ran.get(id),
                    "workflow.execution.tasks (" + id + ")", errors);
            List<String> inputs = WorkflowFields.texts(task, "inputFiles", field + ".inputFiles", errors);
            List<String> outputs = WorkflowFields.texts(task, "outputFiles", field + ".outputFiles", errors);
            List<String> parents = WorkflowFields.texts(task, "parents", field + ".parents", errors);
            List<String> children = WorkflowFields.texts(task, "children", field + ".children", errors);
            if (errors.size() == before) {
                JobSpec spec = new JobSpec(id, command.program(), command.arguments(), distinct(inputs), distinct(outputs));
                tasks.add(new WfFormatTask(spec, parents, children, field));
            }
        }
        DagEdges edges = new DagEdges();
        WfFormatTask.link(tasks, reference -> index.containsKey(reference) ? reference : null, edges, errors);
        WorkflowErrors.throwIfAny(errors);
        return new WorkflowDefinition(name, tasks.stream().map(WfFormatTask::spec).toList(), edges.toMap());
    }

    /** The entries of {@code workflow.execution.tasks} by task ID; entries without one are skipped. */
    private static Map<String, JsonNode> executions(JsonNode execution) {
        Map<String, JsonNode> ran = new HashMap<>();
        JsonNode tasks = execution == null ? null : execution.get("tasks");
        if (tasks != null && tasks.isArray()) {
            for (JsonNode task : tasks) {
                JsonNode id = task.path("id");
                if (WorkflowFields.isScalarText(id)) {
                    ran.putIfAbsent(id.asText(), task);
                }
            }
        }
        return ran;
    }

    /** The files, each once, in the order first listed. */
    static List<String> distinct(List<String> files) {
        return List.copyOf(new LinkedHashSet<>(files));
    }
}

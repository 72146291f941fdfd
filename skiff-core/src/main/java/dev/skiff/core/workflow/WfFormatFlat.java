package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the flat form of WfFormat, up to schema 1.4: {@code workflow.tasks} ({@code workflow.jobs}
 * before 1.3), each task with {@code name}, optional {@code id} and {@code category},
 * {@code command} ({@code program}, {@code arguments}), {@code parents} and {@code children}, and
 * {@code files} ({@code link}: input or output, {@code name}, optional {@code path} before it). In
 * this form {@code parents} and {@code children} name tasks by {@code name} (WfCommons' own
 * migration to 1.5 reads them so), so a task's {@code name} is its job ID; a reference that is no
 * task's name may still be a task's {@code id}.
 */
final class WfFormatFlat {
    private WfFormatFlat() {}

    /** The workflow {@code name} whose {@code workflow} object is in the flat form. */
    static WorkflowDefinition from(String name, JsonNode workflow, List<FieldError> errors) {
        String key = workflow.has("tasks") ? "tasks" : "jobs";
        String list = "workflow." + key;
        List<JsonNode> entries = WorkflowFields.list(workflow, key, list, errors);
        if (entries.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError(list, "a workflow needs at least one task"));
        }
        Map<String, Integer> names = new HashMap<>(entries.size() * 2);
        Map<String, String> ids = new HashMap<>(entries.size() * 2);
        List<WfFormatTask> tasks = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String field = list + "[" + i + "]";
            JsonNode task = entries.get(i);
            if (!task.isObject()) {
                errors.add(new FieldError(field, "must be a mapping with name, parents and files, found " + WorkflowFields.kind(task)));
                continue;
            }
            int before = errors.size();
            String taskName = WorkflowFields.required(task, "name", field + ".name", ": the task's unique name", errors);
            if (taskName != null) {
                Integer earlier = names.putIfAbsent(taskName, i);
                if (earlier != null) {
                    errors.add(new FieldError(field + ".name", Quote.value(taskName) + " is also the name of " + list + "[" + earlier + "]"));
                }
                String id = WorkflowFields.text(task, "id", field + ".id", errors);
                if (id != null) {
                    ids.put(id, ids.containsKey(id) ? null : taskName);
                }
            }
            WfFormatCommand command = WfFormatCommand.of(taskName, task, field, null, null, errors);
            List<String> inputs = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            files(task, field, inputs, outputs, errors);
            List<String> parents = WorkflowFields.texts(task, "parents", field + ".parents", errors);
            List<String> children = WorkflowFields.texts(task, "children", field + ".children", errors);
            if (errors.size() == before) {
                JobSpec spec = new JobSpec(taskName, command.program(), command.arguments(),
                        WfFormatWorkflow.distinct(inputs), WfFormatWorkflow.distinct(outputs));
                tasks.add(new WfFormatTask(spec, parents, children, field));
            }
        }
        DagEdges edges = new DagEdges();
        WfFormatTask.link(tasks, reference -> names.containsKey(reference) ? reference : ids.get(reference), edges, errors);
        WorkflowErrors.throwIfAny(errors);
        return new WorkflowDefinition(name, tasks.stream().map(WfFormatTask::spec).toList(), edges.toMap());
    }

    private static void files(JsonNode task, String field, List<String> inputs, List<String> outputs, List<FieldError> errors) {
        List<JsonNode> files = WorkflowFields.list(task, "files", field + ".files", errors);
        for (int f = 0; f < files.size(); f++) {
            String at = field + ".files[" + f + "]";
            JsonNode file = files.get(f);
            if (!file.isObject()) {
                errors.add(new FieldError(at, "must be a mapping with link and name, found " + WorkflowFields.kind(file)));
                continue;
            }
            String fileName = WorkflowFields.required(file, "name", at + ".name", "", errors);
            String link = WorkflowFields.required(file, "link", at + ".link", ": input or output", errors);
            String path = WorkflowFields.text(file, "path", at + ".path", errors);
            if (fileName == null || link == null) {
                continue;
            }
            String id = path == null ? fileName : path + fileName;
            switch (link.toLowerCase(Locale.ROOT)) {
                case "input" -> inputs.add(id);
                case "output" -> outputs.add(id);
                default -> errors.add(new FieldError(at + ".link", Quote.value(link) + " is not input or output"));
            }
        }
    }
}

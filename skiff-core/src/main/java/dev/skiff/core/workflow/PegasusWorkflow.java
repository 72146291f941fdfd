package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Pegasus 5 abstract workflow (its YAML, or the same as JSON): {@code name}, {@code jobs}
 * (each {@code id}, {@code name}: the transformation, {@code arguments}, {@code uses}: see
 * {@link PegasusJob}) and {@code jobDependencies} ({@code id} and its {@code children}). As Pegasus's
 * {@code infer_dependencies} does, a job that uses as input a file another job outputs also depends
 * on that job (the first job in file order that outputs it). Everything else — {@code pegasus},
 * {@code x-pegasus}, the catalogs, hooks, profiles, metadata and any other key — is ignored, since
 * these files come from other tools. Linear in jobs, files and dependencies.
 */
public final class PegasusWorkflow {
    private PegasusWorkflow() {}

    /**
     * The workflow in {@code text}.
     *
     * @throws dev.skiff.api.MalformedDocumentException when the text is not JSON or YAML
     * @throws dev.skiff.api.ValidationException naming each job, field or dependency that is wrong
     */
    public static WorkflowDefinition parse(String text) {
        return from(WorkflowText.read(text));
    }

    /** The workflow in a document already read. */
    static WorkflowDefinition from(JsonNode root) {
        if (!root.isObject()) {
            throw ValidationException.of("workflow", "must be a mapping with name, jobs and jobDependencies, found "
                    + WorkflowFields.kind(root));
        }
        List<FieldError> errors = new ArrayList<>();
        String name = WorkflowFields.text(root, "name", "name", errors);
        List<JsonNode> entries = WorkflowFields.list(root, "jobs", "jobs", errors);
        if (entries.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("jobs", "a workflow needs at least one job"));
        }
        List<PegasusJob> jobs = new ArrayList<>(entries.size());
        Map<String, Integer> index = new HashMap<>(entries.size() * 2);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode id = entries.get(i).path("id");
            if (WorkflowFields.isScalarText(id)) {
                Integer earlier = index.putIfAbsent(id.asText(), i);
                if (earlier != null) {
                    errors.add(new FieldError("jobs[" + i + "].id", Quote.value(id.asText()) + " is also the ID of jobs[" + earlier + "]"));
                }
            }
            PegasusJob job = PegasusJob.read(entries.get(i), i, errors);
            if (job != null) {
                jobs.add(job);
            }
        }
        DagEdges edges = new DagEdges();
        dependencies(root, index, edges, errors);
        WorkflowErrors.throwIfAny(errors);
        infer(jobs, edges);
        return new WorkflowDefinition(name == null ? "workflow" : name, jobs.stream().map(PegasusJob::spec).toList(), edges.toMap());
    }

    private static void dependencies(JsonNode root, Map<String, Integer> index, DagEdges edges, List<FieldError> errors) {
        List<JsonNode> entries = WorkflowFields.list(root, "jobDependencies", "jobDependencies", errors);
        for (int d = 0; d < entries.size(); d++) {
            String field = "jobDependencies[" + d + "]";
            JsonNode entry = entries.get(d);
            if (!entry.isObject()) {
                errors.add(new FieldError(field, "must be a mapping with id and children, found " + WorkflowFields.kind(entry)));
                continue;
            }
            String parent = WorkflowFields.required(entry, "id", field + ".id", ": the parent job's ID", errors);
            if (parent != null && !index.containsKey(parent)) {
                errors.add(new FieldError(field + ".id", "no job has the ID " + Quote.value(parent)));
            }
            List<String> children = WorkflowFields.texts(entry, "children", field + ".children", errors);
            for (int c = 0; c < children.size(); c++) {
                String child = children.get(c);
                if (!index.containsKey(child)) {
                    errors.add(new FieldError(field + ".children[" + c + "]", "no job has the ID " + Quote.value(child)
                            + (parent == null ? "" : " (a child of " + Quote.value(parent) + ")")));
                } else if (parent != null) {
                    edges.add(parent, child);
                }
            }
        }
    }

    /** Adds a dependency from the first job that writes a file to every other job that reads it. */
    private static void infer(List<PegasusJob> jobs, DagEdges edges) {
        Map<String, String> producers = new HashMap<>();
        for (PegasusJob job : jobs) {
            for (String file : job.writes()) {
                producers.putIfAbsent(file, job.spec().id());
            }
        }
        for (PegasusJob job : jobs) {
            for (String file : job.reads()) {
                String producer = producers.get(file);
                if (producer != null) {
                    edges.infer(producer, job.spec().id());
                }
            }
        }
    }
}

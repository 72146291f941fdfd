package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of a Pegasus 5 workflow's {@code jobs}, read: the job, and the files that tie it to
 * other jobs. Of {@code uses}, {@code input} files are the job's inputs and {@code output} files its
 * outputs, as for Pegasus's {@code infer_dependencies}, which links only these two; {@code inout}
 * files are both inputs and outputs but link no jobs; {@code checkpoint} and {@code none} files are
 * neither (a checkpoint may not exist when the job ends, and the worker refuses a declared output
 * that does not); an {@code optional} file is left out of the inputs and outputs, which the worker
 * requires, but still links jobs. Keys not named here (profiles, hooks, metadata, namespace,
 * version, nodeLabel, stdin, stdout, stderr, stageOut, registerReplica, a generator's own) are
 * ignored: the command runtime runs the transformation by name, with an empty stdin.
 *
 * @param spec the job
 * @param reads the files whose producer this job must wait for
 * @param writes the files this job produces
 */
record PegasusJob(JobSpec spec, List<String> reads, List<String> writes) {
    private static final Set<String> SUB_WORKFLOWS = Set.of("pegasusWorkflow", "condorWorkflow", "dag", "dax");
    private static final List<String> LINKS = List.of("input", "output", "inout", "checkpoint", "none");

    /** The job at {@code jobs[i]}, or null when it cannot run (each reason noted in {@code errors}). */
    static PegasusJob read(JsonNode job, int i, List<FieldError> errors) {
        String field = "jobs[" + i + "]";
        if (!job.isObject()) {
            errors.add(new FieldError(field, "must be a mapping with id, name, arguments and uses, found " + WorkflowFields.kind(job)));
            return null;
        }
        int before = errors.size();
        String id = WorkflowFields.required(job, "id", field + ".id", "", errors);
        String shown = id == null ? field : "job " + Quote.value(id);
        String type = WorkflowFields.text(job, "type", field + ".type", errors);
        if (type != null && SUB_WORKFLOWS.contains(type)) {
            errors.add(new FieldError(field + ".type", shown + " is a sub-workflow (" + type + "); Skiff runs jobs of type job only"));
        } else if (type != null && !type.equals("job")) {
            errors.add(new FieldError(field + ".type", Quote.value(type) + " is not a job type; use job"));
        }
        String name = WorkflowFields.required(job, "name", field + ".name", ": the transformation " + shown + " runs", errors);
        List<String> arguments = arguments(job, field, errors);
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> outputs = new LinkedHashSet<>();
        List<String> reads = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        List<JsonNode> uses = WorkflowFields.list(job, "uses", field + ".uses", errors);
        for (int u = 0; u < uses.size(); u++) {
            use(uses.get(u), field + ".uses[" + u + "]", inputs, outputs, reads, writes, errors);
        }
        if (errors.size() > before) {
            return null;
        }
        return new PegasusJob(new JobSpec(id, name, arguments, List.copyOf(inputs), List.copyOf(outputs)), reads, writes);
    }

    /** The arguments as text: strings, numbers and booleans as written, a file (a mapping with {@code lfn}) as its name. */
    private static List<String> arguments(JsonNode job, String field, List<FieldError> errors) {
        List<JsonNode> items = WorkflowFields.list(job, "arguments", field + ".arguments", errors);
        List<String> arguments = new ArrayList<>(items.size());
        for (int a = 0; a < items.size(); a++) {
            JsonNode item = items.get(a);
            JsonNode lfn = item.isObject() ? item.get("lfn") : null;
            if (WorkflowFields.isScalarText(item) || item.isBoolean()) {
                arguments.add(item.asText());
            } else if (lfn != null && lfn.isTextual() && !lfn.asText().isEmpty()) {
                arguments.add(lfn.asText());
            } else {
                errors.add(new FieldError(field + ".arguments[" + a + "]",
                        "must be a string, a number or a file (a mapping with lfn), found " + WorkflowFields.kind(item)));
            }
        }
        return arguments;
    }

    private static void use(JsonNode use, String field, Set<String> inputs, Set<String> outputs, List<String> reads,
                            List<String> writes, List<FieldError> errors) {
        if (!use.isObject()) {
            errors.add(new FieldError(field, "must be a mapping with lfn and type, found " + WorkflowFields.kind(use)));
            return;
        }
        String lfn = WorkflowFields.required(use, "lfn", field + ".lfn", ": the file's name", errors);
        String link = WorkflowFields.required(use, "type", field + ".type", ": one of " + String.join(", ", LINKS), errors);
        if (lfn == null || link == null) {
            return;
        }
        if (!LINKS.contains(link)) {
            errors.add(new FieldError(field + ".type", Quote.value(link) + " is not one of " + String.join(", ", LINKS)));
            return;
        }
        boolean declared = !use.path("optional").asBoolean(false);
        if (declared && (link.equals("input") || link.equals("inout"))) {
            inputs.add(lfn);
        }
        if (declared && (link.equals("output") || link.equals("inout"))) {
            outputs.add(lfn);
        }
        if (link.equals("input")) {
            reads.add(lfn);
        } else if (link.equals("output")) {
            writes.add(lfn);
        }
    }
}

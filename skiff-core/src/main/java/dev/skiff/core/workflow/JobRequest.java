package dev.skiff.core.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.ValidationException;
import java.util.List;

/**
 * The body that runs one job on a function of the command runtime (docs/worker-contract.md): a JSON
 * object mapping the job's ID to the job, {@code {"ID0000001": {"name", "runid", "rundir", "command",
 * "arguments", "inputs", "outputs"}}}, where both {@code name} and {@code command} are the job's
 * transformation.
 */
public final class JobRequest {
    private JobRequest() {}

    /**
     * The request body for {@code job} in the run {@code runId} working in {@code rundir}.
     *
     * @throws ValidationException when {@code runId} or {@code rundir} is missing or blank
     */
    public static ObjectNode body(JobSpec job, String runId, String rundir) {
        if (runId == null || runId.isBlank()) {
            throw ValidationException.of("runid", "is required");
        }
        if (rundir == null || rundir.isBlank()) {
            throw ValidationException.of("rundir", "is required");
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode spec = nodes.objectNode();
        spec.put("name", job.transformation());
        spec.put("runid", runId);
        spec.put("rundir", rundir);
        spec.put("command", job.transformation());
        spec.set("arguments", strings(nodes, job.arguments()));
        spec.set("inputs", strings(nodes, job.inputs()));
        spec.set("outputs", strings(nodes, job.outputs()));
        ObjectNode body = nodes.objectNode();
        body.set(job.id(), spec);
        return body;
    }

    private static ArrayNode strings(JsonNodeFactory nodes, List<String> values) {
        ArrayNode array = nodes.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }
}

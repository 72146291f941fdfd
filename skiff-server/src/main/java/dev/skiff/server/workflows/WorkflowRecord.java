package dev.skiff.server.workflows;

import java.util.Map;

/**
 * A submitted workflow as stored: what does not change while it runs.
 *
 * @param namespace its namespace
 * @param name its name, unique in the namespace
 * @param text the workflow file's text
 * @param function the default function, null when only the map names functions
 * @param map transformation to function
 * @param rundir the run directory the jobs read and write
 * @param runId the run's id in each job's body
 * @param parallelism how many jobs may run at once
 * @param retries how many more attempts a job gets after its first
 * @param created when it was submitted (ISO-8601)
 */
public record WorkflowRecord(String namespace, String name, String text, String function, Map<String, String> map,
                             String rundir, String runId, int parallelism, int retries, String created) {
    /** Its settings as the Workflow document's {@code spec} shows them and the store keeps them, in that order. */
    public Map<String, Object> spec() {
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("function", function);
        spec.put("map", map);
        spec.put("rundir", rundir);
        spec.put("runId", runId);
        spec.put("parallelism", parallelism);
        spec.put("retries", retries);
        return spec;
    }
}

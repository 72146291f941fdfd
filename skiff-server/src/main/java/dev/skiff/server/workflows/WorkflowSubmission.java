package dev.skiff.server.workflows;

import java.util.Map;

/**
 * A workflow as submitted, before it is checked.
 *
 * @param name its name, null for a generated one
 * @param text the workflow file's text
 * @param function the default function, or null
 * @param map transformation to function
 * @param rundir the run directory (absolute)
 * @param runId the run's id, or null for the name
 * @param parallelism how many jobs may run at once, 1..1000
 * @param retries how many more attempts a job gets, 0..10
 */
public record WorkflowSubmission(String name, String text, String function, Map<String, String> map, String rundir,
                                 String runId, int parallelism, int retries) {
    /** The parallelism when none is given. */
    public static final int DEFAULT_PARALLELISM = 8;
}

package dev.skiff.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Workflow documents as the server answers them, and the diamond fixture. */
final class WorkflowSamples {
    private WorkflowSamples() {}

    /** The Pegasus 5 diamond: preprocess, findrange twice, analyze. */
    static Path diamond() {
        try {
            return Path.of(WorkflowSamples.class.getResource("diamond.yml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A workflow of the diamond's 4 jobs in {@code state}, {@code succeeded} of them done, the rest waiting. */
    static String workflow(String name, String state, int succeeded, int failed, String message) {
        String completion = state.equals("Running") ? "null" : "\"2026-11-22T07:59:00Z\"";
        return """
                {"apiVersion": "skiff.dev/v1alpha1", "kind": "Workflow",
                 "metadata": {"name": "%s", "namespace": "default", "creationTimestamp": "2026-11-22T07:55:00Z"},
                 "spec": {"function": "runner", "map": {"analyze": "analyzer"}, "rundir": "/runs/d", "runId": null,
                          "parallelism": 2, "retries": 1, "jobs": 4},
                 "status": {"state": "%s",
                            "counts": {"waiting": %d, "ready": 0, "running": 0, "retrying": 0, "succeeded": %d,
                                       "failed": %d, "unreachable": 0, "cancelled": 0},
                            "startTime": "2026-11-22T07:55:01Z", "completionTime": %s, "message": %s}}
                """.formatted(name, state, 4 - succeeded - failed, succeeded, failed, completion,
                message == null ? "null" : "\"" + message + "\"");
    }
}

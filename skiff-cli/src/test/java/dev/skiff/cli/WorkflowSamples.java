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

    /** {@code workflow} with three jobs: one timed by its record, one by Skiff's times, one not started. */
    static String withJobs(String workflow) {
        String jobs = """
                "jobs": [
                 {"id": "ID0000001", "transformation": "preprocess", "function": "runner", "state": "succeeded",
                  "attempts": 1, "queuedTime": "2026-11-22T07:55:01Z", "startTime": "2026-11-22T07:55:02Z",
                  "completionTime": "2026-11-22T07:57:00Z", "revision": "runner-00001", "instance": "runner-00001-a",
                  "record": {"Start Time": "2026-11-22T07:55:05Z", "End Time": "2026-11-22T07:56:10Z", "Hostname": "a"},
                  "error": null},
                 {"id": "ID0000002", "transformation": "findrange", "function": "runner", "state": "failed",
                  "attempts": 2, "queuedTime": "2026-11-22T07:57:00Z", "startTime": "2026-11-22T07:57:01Z",
                  "completionTime": "2026-11-22T07:57:13Z", "revision": "runner-00001", "instance": "runner-00001-b",
                  "record": null, "error": {"status": 500, "error": "JobFailed", "message": "exit 3"}},
                 {"id": "ID0000003", "transformation": "findrange", "function": "runner", "state": "waiting",
                  "attempts": 0, "queuedTime": null, "startTime": null, "completionTime": null, "revision": null,
                  "instance": null, "record": null, "error": null}]}""";
        String trimmed = workflow.strip();
        return trimmed.substring(0, trimmed.length() - 1) + ", " + jobs;
    }
}

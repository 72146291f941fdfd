package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** Workflows run through a Skiff server's REST API ({@code /api/v1/workflows}), timed by the server's own stamps. */
final class SkiffWorkflows {
    private final SkiffApi api;

    /** Workflows of the server {@code api} talks to. */
    SkiffWorkflows(SkiffApi api) {
        this.api = api;
    }

    /** Submits the workflow file {@code text} as {@code name}, every job on {@code function}, in {@code rundir}. */
    void submit(String name, String text, String function, String rundir, int parallelism)
            throws IOException, InterruptedException {
        ObjectNode body = Documents.json().createObjectNode();
        body.putObject("metadata").put("name", name);
        body.putObject("spec").put("workflow", text).put("function", function).put("rundir", rundir)
                .put("parallelism", parallelism).put("retries", 0);
        api.createResource("workflows", Documents.json().writeValueAsString(body));
    }

    /** The workflow as the list shows it (metadata, spec, status; no jobs), or null when there is none. */
    JsonNode summary(String name) throws IOException, InterruptedException {
        for (JsonNode item : Documents.json().readTree(api.get("/api/v1/workflows")).path("items")) {
            if (item.path("metadata").path("name").asText().equals(name)) {
                return item;
            }
        }
        return null;
    }

    /** How many of the workflow's jobs have succeeded, from a summary. */
    static int succeeded(JsonNode summary) {
        return summary.path("status").path("counts").path("succeeded").asInt();
    }

    /** Whether a summary's workflow is still running. */
    static boolean running(JsonNode summary) {
        return summary.path("status").path("state").asText().equals("Running");
    }

    /**
     * Polls every {@code poll} until the workflow has finished, calling {@code each} after each poll; returns
     * its makespan as the server stamped it (start to completion) in nanoseconds.
     *
     * @throws IllegalStateException when it did not succeed
     */
    long await(String name, Duration poll, Runnable each) throws IOException, InterruptedException {
        JsonNode summary = summary(name);
        while (summary == null || running(summary)) {
            Thread.sleep(poll);
            each.run();
            summary = summary(name);
        }
        JsonNode status = summary.path("status");
        if (!status.path("state").asText().equals("Succeeded")) {
            throw new IllegalStateException("workflow " + name + " ended " + status.path("state").asText() + ": "
                    + status.path("message").asText());
        }
        return Duration.between(Instant.parse(status.path("startTime").asText()),
                Instant.parse(status.path("completionTime").asText())).toNanos();
    }
}

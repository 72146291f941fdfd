package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * {@code skiff describe}'s limits line: what each instance of the function's served revision may use,
 * and what enforces it on the server ({@code cgroup v2}, {@code cgroup v1}, or none and why).
 */
public final class RevisionLimits {
    private RevisionLimits() {}

    /** The line for the newest served revision of a {@code GET .../revisions} answer; empty when none is served. */
    public static Optional<String> render(JsonNode revisions) {
        for (JsonNode revision : revisions.path("items")) {
            JsonNode limits = revision.path("limits");
            if (limits.isObject() && limits.has("enforcement")) {
                String cpu = limits.path("cpu").asText();
                int pids = limits.path("pids").asInt();
                return Optional.of("Limits: memory " + limits.path("memory").asText() + ", "
                        + ("none".equals(cpu) ? "no CPU limit" : "cpu " + cpu) + ", "
                        + (pids == 0 ? "any number of processes" : pids + " processes") + " per instance ("
                        + revision.path("name").asText() + "); enforced by " + limits.path("enforcement").asText() + "\n");
            }
        }
        return Optional.empty();
    }
}

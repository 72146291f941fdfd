package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * {@code skiff describe}'s quota line: each served revision that a namespace quota holds below the
 * instances its autoscaler wants, and the quota, its limit and the usage.
 */
public final class RevisionCaps {
    private RevisionCaps() {}

    /** The lines for a {@code GET .../revisions} answer; empty when no quota holds a revision back. */
    public static Optional<String> render(JsonNode revisions) {
        StringBuilder text = new StringBuilder();
        for (JsonNode revision : revisions.path("items")) {
            JsonNode capped = revision.path("status").path("capped");
            if (capped.isTextual()) {
                text.append("Capped: ").append(revision.path("name").asText()).append(" runs ")
                        .append(revision.path("status").path("ready").asInt() + revision.path("status").path("starting").asInt())
                        .append(" of the ").append(revision.path("status").path("desired").asInt())
                        .append(" instance(s) it wants: ").append(capped.asText()).append('\n');
            }
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text.toString());
    }
}

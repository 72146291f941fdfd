package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code skiff revisions}' table, also the revisions part of {@code skiff describe}: one row a revision. */
public final class RevisionTable {
    /** The columns. */
    public static final List<String> HEADERS =
            List.of("NAME", "TRAFFIC", "TAGS", "READY", "STARTING", "IN-FLIGHT", "QUEUED", "REQ/S", "AGE");

    private RevisionTable() {}

    /** The table of a {@code GET .../revisions} answer, ages measured at {@code now}. */
    public static String render(JsonNode revisions, Instant now) {
        Table table = new Table(HEADERS);
        for (JsonNode revision : revisions.path("items")) {
            JsonNode status = revision.path("status");
            boolean served = status.isObject();
            List<String> tags = new ArrayList<>();
            revision.path("tags").forEach(tag -> tags.add("@" + tag.asText()));
            table.row(revision.path("name").asText(),
                    revision.path("traffic").asInt() + "%",
                    tags.isEmpty() ? null : String.join(",", tags),
                    served ? status.path("ready").asText() : "0",
                    served ? status.path("starting").asText() : "0",
                    served ? status.path("inFlight").asText() : "0",
                    served ? status.path("queued").asText() : "0",
                    served ? String.format("%.1f", status.path("requestsPerSecond").asDouble()) : "0.0",
                    Age.since(revision.path("created").asText(null), now));
        }
        return table.render();
    }
}

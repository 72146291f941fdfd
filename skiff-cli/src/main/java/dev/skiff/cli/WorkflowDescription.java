package dev.skiff.cli;

import static dev.skiff.cli.WorkflowJson.instant;
import static dev.skiff.cli.WorkflowJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code skiff workflow describe}'s text: a {@code Key: value} block, then one row per job. */
final class WorkflowDescription {
    private static final String MISSING = "-";
    private static final List<String> COUNTS =
            List.of("waiting", "ready", "running", "retrying", "succeeded", "failed", "unreachable", "cancelled");

    private WorkflowDescription() {}

    /** The text for the server's workflow document (with its jobs). */
    static String of(JsonNode workflow) {
        JsonNode spec = workflow.path("spec");
        JsonNode status = workflow.path("status");
        List<String[]> block = new ArrayList<>();
        add(block, "Name", text(workflow.at("/metadata/name")));
        add(block, "Namespace", text(workflow.at("/metadata/namespace")));
        add(block, "State", text(status.path("state")));
        add(block, "Function", text(spec.path("function")));
        add(block, "Map", map(spec.path("map")));
        add(block, "Rundir", text(spec.path("rundir")));
        add(block, "Run id", text(spec.path("runId")));
        add(block, "Parallelism", text(spec.path("parallelism")));
        add(block, "Retries", text(spec.path("retries")));
        add(block, "Started", text(status.path("startTime")));
        add(block, "Finished", text(status.path("completionTime")));
        add(block, "Message", text(status.path("message")));
        add(block, "Jobs", counts(spec.path("jobs").asInt(), status.path("counts")));
        return render(block) + jobs(workflow.path("jobs"));
    }

    /** A job's run time: the record's "Start Time" to "End Time" when it has both, else startTime to completionTime. */
    static String duration(JsonNode job) {
        JsonNode record = job.path("record");
        Duration fromRecord = between(record.path("Start Time"), record.path("End Time"));
        Duration duration = fromRecord != null ? fromRecord : between(job.path("startTime"), job.path("completionTime"));
        return duration == null ? null : WorkflowProgress.duration(duration);
    }

    private static String jobs(JsonNode jobs) {
        if (jobs.isEmpty()) {
            return "";
        }
        Table table = new Table(List.of("ID", "TRANSFORMATION", "FUNCTION", "STATE", "ATTEMPTS", "DURATION", "INSTANCE"));
        for (JsonNode job : jobs) {
            table.row(text(job.path("id")), text(job.path("transformation")),
                    text(job.path("function")), text(job.path("state")),
                    text(job.path("attempts")), duration(job), text(job.path("instance")));
        }
        return "\n" + table.render();
    }

    private static Duration between(JsonNode start, JsonNode end) {
        Instant from = instant(start);
        Instant to = instant(end);
        return from == null || to == null ? null : Duration.between(from, to);
    }

    private static String map(JsonNode map) {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            entries.add(entry.getKey() + "=" + entry.getValue().asText());
        }
        return entries.isEmpty() ? null : String.join(", ", entries);
    }

    private static String counts(int total, JsonNode counts) {
        List<String> parts = new ArrayList<>();
        for (String count : COUNTS) {
            int value = counts.path(count).asInt();
            if (value > 0) {
                parts.add(value + " " + count);
            }
        }
        return total + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    private static void add(List<String[]> block, String key, String value) {
        block.add(new String[] {key, value == null || value.isBlank() ? MISSING : value});
    }

    private static String render(List<String[]> block) {
        int width = block.stream().mapToInt(e -> e[0].length()).max().orElse(0) + 2;
        String indent = " ".repeat(width);
        StringBuilder text = new StringBuilder();
        for (String[] entry : block) {
            text.append(entry[0] + ":" + indent, 0, width).append(entry[1].replace("\n", "\n" + indent)).append('\n');
        }
        return text.toString();
    }
}

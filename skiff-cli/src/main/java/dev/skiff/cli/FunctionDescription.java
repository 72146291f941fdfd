package dev.skiff.cli;

import dev.skiff.api.Condition;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code skiff describe}'s text: the function's spec and status as aligned {@code Key: value} lines, then its
 * conditions.
 */
public final class FunctionDescription {
    private static final String MISSING = "-";

    private final List<String[]> entries = new ArrayList<>();

    private FunctionDescription() {}

    /** The description of a function, ages measured at {@code now}. */
    public static String render(Function function, Instant now) {
        FunctionDescription block = new FunctionDescription();
        ObjectMeta meta = function.metadata() == null ? ObjectMeta.named(null) : function.metadata();
        block.add("Name", meta.name());
        String age = Age.since(meta.creationTimestamp(), now);
        block.add("Created", meta.creationTimestamp() == null ? null
                : meta.creationTimestamp() + (age == null ? "" : " (" + age + " ago)"));
        block.add("Generation", meta.generation() == null ? null : meta.generation().toString());
        FunctionSpec spec = function.spec();
        if (spec != null) {
            block.add("Runtime", spec.runtime());
            block.add("Handler", spec.handler());
            block.add("Source", source(spec.source()));
            block.add("Timeout", spec.timeoutSeconds() == null ? null : spec.timeoutSeconds() + "s");
            block.add("Max request", spec.maxRequestSize());
            block.add("Concurrency", concurrency(spec.concurrency()));
            block.add("Env", env(spec.env()));
            block.add("Requirements", spec.requirements() == null ? null : spec.requirements().strip());
        }
        FunctionStatus status = function.status();
        if (status != null) {
            block.add("URL", status.url());
            block.add("Ready", FunctionTable.ready(status));
            block.add("Latest ready", status.latestReadyRevision());
            block.add("Latest created", status.latestCreatedRevision());
            block.add("Observed gen", status.observedGeneration() == null
                    ? null : status.observedGeneration().toString());
        }
        return block.text() + conditions(status, now);
    }

    private void add(String key, String value) {
        entries.add(new String[] {key, value == null || value.isBlank() ? MISSING : value});
    }

    private String text() {
        int width = entries.stream().mapToInt(e -> e[0].length()).max().orElse(0) + 2;
        StringBuilder text = new StringBuilder();
        for (String[] entry : entries) {
            String indent = " ".repeat(width);
            String label = (entry[0] + ":" + indent).substring(0, width);
            text.append(label).append(entry[1].replace("\n", "\n" + indent)).append('\n');
        }
        return text.toString();
    }

    private static String source(Source source) {
        if (source == null) {
            return null;
        }
        String size;
        try {
            size = source.content() == null ? "empty" : source.bytes().length + " bytes";
        } catch (IllegalArgumentException e) {
            size = "unreadable content";
        }
        String name = source.filename() == null ? "" : source.filename() + " ";
        return name + "(" + source.contentType() + ", " + size + ")";
    }

    private static String concurrency(Integer concurrency) {
        if (concurrency == null) {
            return null;
        }
        if (concurrency == 0) {
            return "0 (no limit)";
        }
        return concurrency + " request" + (concurrency == 1 ? "" : "s") + " per instance";
    }

    private static String env(Map<String, String> env) {
        if (env == null || env.isEmpty()) {
            return null;
        }
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    private static String conditions(FunctionStatus status, Instant now) {
        if (status == null || status.conditions() == null || status.conditions().isEmpty()) {
            return "";
        }
        Table table = new Table(List.of("TYPE", "STATUS", "REASON", "MESSAGE", "AGE"));
        for (Condition c : status.conditions()) {
            table.row(c.type(), c.status(), c.reason(), c.message(), Age.since(c.lastTransitionTime(), now));
        }
        return "Conditions:\n" + table.render().lines().map(line -> "  " + line + "\n").collect(Collectors.joining());
    }
}

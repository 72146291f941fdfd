package dev.skiff.cli;

import dev.skiff.api.Condition;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
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
        if (meta.namespace() != null && !meta.namespace().equals(dev.skiff.api.Namespaces.DEFAULT)) {
            block.add("Namespace", meta.namespace());
        }
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
            block.add("Scale", scale(spec.scale()));
            block.add("Invokers", spec.requiresToken() ? "callers with a token (auth: token)" : "anyone (public)");
            block.add("Env", env(spec.env()));
            if (spec.secrets() != null && !spec.secrets().isEmpty()) {
                block.add("Secrets", String.join(", ", spec.secrets().stream()
                        .map(ref -> ref.name() + " (" + ref.mountPath() + (ref.asEnv() ? ", env" : "") + ")").toList()));
            }
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
            block.add("Traffic", traffic(status.traffic()));
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

    private static String scale(ScaleSpec scale) {
        if (scale == null || scale.minScale() == null) {
            return null;
        }
        String max = scale.maxScale() == null || scale.maxScale() == 0 ? "no limit" : scale.maxScale().toString();
        return "min " + scale.minScale() + ", max " + max + "; target " + scale.target() + " in flight per instance at "
                + scale.targetUtilizationPercentage() + "%; window " + scale.stableWindowSeconds() + "s; scale-to-zero grace "
                + scale.scaleToZeroGraceSeconds() + "s";
    }

    private static String traffic(List<TrafficTarget> traffic) {
        if (traffic == null || traffic.isEmpty()) {
            return null;
        }
        return traffic.stream().map(t -> t.share() + "% " + t.revisionName() + (t.followsLatest() ? " (latest)" : "")
                + (t.tag() == null ? "" : " @" + t.tag() + " " + t.url())).collect(Collectors.joining("\n"));
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

package dev.skiff.cli;

import dev.skiff.api.Function;
import dev.skiff.api.TrafficTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code skiff traffic}: splits a function's traffic between revisions and tags revisions with routes
 * of their own. What is not given stays: {@code --tag} alone keeps the split, {@code --split} alone
 * keeps the tags.
 */
@Command(name = "traffic", usageHelpAutoWidth = true,
        description = {"Split a function's traffic between revisions, and tag revisions with routes of their own.",
            "Example: skiff traffic hello --split hello-00001=70,hello-00002=30 --tag canary=hello-00002",
            "A tagged revision answers at /function/NAME@TAG without taking a share."})
public final class TrafficCommand implements Callable<Integer> {
    static final String LATEST = "@latest";

    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = "--split", paramLabel = "REVISION=PERCENT[,...]", split = ",",
            description = "Each revision's share; they must sum to 100. @latest follows the newest revision.")
    List<String> split;

    @Option(names = "--tag", paramLabel = "TAG=REVISION",
            description = "Route /function/NAME@TAG to REVISION (or @latest); repeatable.")
    List<String> tags;

    @Option(names = "--untag", paramLabel = "TAG", description = "Remove a tag; repeatable.")
    List<String> untag;

    /** Sends the new table and prints the traffic in force. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        if (split == null && tags == null && untag == null) {
            throw new CliException("say what to change: --split REVISION=PERCENT,..., --tag TAG=REVISION or --untag TAG");
        }
        table(List.of());
        try (FunctionStore client = skiff.functions()) {
            Function current = ServerDocuments.function(client.get(name));
            List<TrafficTarget> inForce = current.spec().traffic() != null ? current.spec().traffic()
                    : current.status() != null && current.status().traffic() != null ? current.status().traffic()
                    : List.of(TrafficTarget.latest(100));
            List<TrafficTarget> table = table(inForce);
            Function answer = ServerDocuments.function(client.setTraffic(name, table));
            skiff.context().out().print(inForce(answer));
        }
        return 0;
    }

    /**
     * The new table: the given split (or the current shares), then the tags. Called first with no
     * current table, so a malformed option is reported before the server is asked anything.
     */
    List<TrafficTarget> table(List<TrafficTarget> current) {
        List<TrafficTarget> table = new ArrayList<>();
        if (split != null) {
            for (String entry : split) {
                String[] parts = pair(entry, "--split", "REVISION=PERCENT, e.g. hello-00001=70");
                int percent;
                try {
                    percent = Integer.parseInt(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new CliException("--split " + entry + ": '" + parts[1] + "' is not a whole percentage");
                }
                table.add(target(parts[0], percent, null));
            }
        } else {
            current.stream().filter(t -> t.share() > 0)
                    .forEach(t -> table.add(new TrafficTarget(t.revisionName(), t.latestRevision(), t.percent(), null, null)));
        }
        Map<String, String> tagged = new LinkedHashMap<>();
        current.stream().filter(t -> t.tag() != null)
                .forEach(t -> tagged.put(t.tag(), t.followsLatest() ? LATEST : t.revisionName()));
        if (untag != null) {
            for (String tag : untag) {
                if (tagged.remove(tag) == null && !current.isEmpty()) {
                    throw new CliException("--untag " + tag + ": " + name + " has no tag '" + tag + "'");
                }
            }
        }
        if (tags != null) {
            for (String entry : tags) {
                String[] parts = pair(entry, "--tag", "TAG=REVISION, e.g. canary=hello-00002");
                tagged.put(parts[0], parts[1]);
            }
        }
        tagged.forEach((tag, revision) -> table.add(target(revision, null, tag)));
        return table;
    }

    private static TrafficTarget target(String revision, Integer percent, String tag) {
        String name = revision.trim();
        return LATEST.equals(name) ? new TrafficTarget(null, true, percent, tag, null)
                : new TrafficTarget(name, null, percent, tag, null);
    }

    private static String[] pair(String entry, String option, String form) {
        int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
            throw new CliException(option + " " + entry + ": expected " + form);
        }
        return new String[] {entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()};
    }

    /**
     * The traffic in force as the status reports it; on a cluster, before the operator has
     * reconciled, the table as requested.
     */
    static String inForce(Function function) {
        if (function.status() != null && function.status().traffic() != null) {
            return describe(function.status().traffic());
        }
        return describe(function.spec().traffic()) + "(requested; the operator moves the traffic)\n";
    }

    /** The traffic in force, a line an entry: {@code hello-00001  70%} or {@code hello-00002  @canary  URL}. */
    static String describe(List<TrafficTarget> traffic) {
        Table table = new Table(List.of("REVISION", "PERCENT", "TAG", "URL"));
        for (TrafficTarget target : traffic) {
            String revision = target.revisionName() + (target.followsLatest() ? " (latest)" : "");
            table.row(revision, target.share() + "%", target.tag() == null ? null : "@" + target.tag(), target.url());
        }
        return table.render();
    }
}

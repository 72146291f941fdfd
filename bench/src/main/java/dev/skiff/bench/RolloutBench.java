package dev.skiff.bench;

import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Rollouts under load: closed-loop clients call a function while, every few seconds, a new revision
 * is deployed, the traffic is split, rolled back and moved to the latest again, and the bounds
 * change; beside it, the same load on the same function with nothing changing. Counts failed
 * requests and compares latency. Writes {@code rollout.md} and {@code rollout.csv}.
 */
public final class RolloutBench {
    private static final String NAME = "rollout";
    private static final Duration BUCKET = Duration.ofMillis(100);

    private RolloutBench() {}

    private static Function version(String name, int n) {
        Function function = SkiffApi.python(name, "import time\ndef handle(req):\n    time.sleep(0.01)\n    return 'v" + n + "'\n", 1);
        return function.withSpec(function.spec().withScale(ScaleSpec.bounds(1, 8)));
    }

    /** Runs the benchmark; knobs in bench/README.md. */
    public static void main(String[] args) throws Exception {
        int clients = Options.count("bench.rollout-clients", 16);
        Duration step = Options.seconds("bench.rollout-step", 2);
        String python = Options.python();
        Report report = new Report("Rollout under load", Machine.describe(python),
                ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        Table table = new Table("rollout", "Changes under load against the same load with no change", "run",
                "clients", "changes", "requests", "failed requests", "req/s", "p50 ms", "p99 ms", "max ms");
        List<String> done = new ArrayList<>();
        try (ScratchDir scratch = ScratchDir.create("skiff-bench-rollout-");
             SkiffServer server = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
                     scratch.path().resolve("data"), python))) {
            SkiffApi api = new SkiffApi(server.port(), server.adminToken());
            if (!api.ready()) {
                throw new IllegalStateException("the server is not ready");
            }
            List<Change> changes = List.of(
                    new Change("deploy revision 2", a -> a.replace(version("roll", 2))),
                    new Change("deploy revision 3", a -> a.replace(version("roll", 3))),
                    new Change("split 50/50 between revisions 1 and 3", a -> a.traffic("roll",
                            "[{\"revisionName\": \"roll-00001\", \"percent\": 50}, {\"revisionName\": \"roll-00003\", \"percent\": 50}]")),
                    new Change("roll back (all to revision 2)", a -> a.post("/api/v1/functions/roll/rollback")),
                    new Change("all traffic to the latest revision", a -> a.traffic("roll", "[{\"latestRevision\": true, \"percent\": 100}]")),
                    new Change("deploy revision 4", a -> a.replace(version("roll", 4))),
                    new Change("max-scale 1: scale down under load", a -> a.put("/api/v1/functions/roll/scale", "{\"maxScale\": 1}")));
            Duration duration = step.multipliedBy(changes.size() + 1);
            api.create(version("steady", 1));
            api.create(version("roll", 1));
            System.err.printf("bench: steady: %d clients for %d s, no change%n", clients, duration.toSeconds());
            Timeline steady = Timeline.run(new Target("127.0.0.1", server.port(), "/function/steady"), clients,
                    duration, BUCKET, start -> { });
            System.err.printf("bench: roll: %d clients for %d s, a change every %d s%n", clients, duration.toSeconds(),
                    step.toSeconds());
            Timeline rolled = Timeline.run(new Target("127.0.0.1", server.port(), "/function/roll"), clients,
                    duration, BUCKET, start -> {
                        for (int i = 0; i < changes.size(); i++) {
                            long due = start + step.toNanos() * (i + 1);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000);
                            }
                            changes.get(i).action().apply(api);
                            done.add(changes.get(i).label());
                        }
                    });
            table.row(row("no change (baseline)", clients, 0, steady, duration));
            table.row(row("rollouts and traffic changes", clients, done.size(), rolled, duration));
            report(steady, "steady");
            report(rolled, "roll");
        }
        report.paragraph(NOTE.formatted(clients, step.toSeconds(), String.join("; ", done))).table(table);
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    private static void report(Timeline timeline, String name) {
        if (timeline.firstError() != null) {
            System.err.println("bench: " + name + ": first failure: " + timeline.firstError());
        }
    }

    private static String[] row(String label, int clients, int changes, Timeline t, Duration duration) {
        int buckets = t.buckets();
        return new String[] {label, Integer.toString(clients), Integer.toString(changes), Long.toString(t.totalAnswered()),
            Long.toString(t.totalFailed()), Units.rate(t.totalAnswered() / (duration.toNanos() / 1e9)),
            Units.millis(t.percentile(0, buckets, 50)), Units.millis(t.percentile(0, buckets, 99)),
            Units.millis(t.percentile(0, buckets, 100))};
    }

    /** One change made while the load runs. */
    private record Change(String label, Action action) {}

    /** What a change does through the API. */
    private interface Action {
        void apply(SkiffApi api) throws Exception;
    }

    private static final String NOTE = """
            %d closed-loop clients call a function that sleeps 10 ms (`concurrency: 1`, `minScale: 1`, \
            `maxScale: 8`). The baseline is the same load on a function that nothing changes; then, on \
            another function, every %d s one change, each through the REST API while requests keep \
            coming: %s. A failed request is any answer but 2xx, or a broken connection.
            """;
}

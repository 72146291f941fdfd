package dev.skiff.bench;

import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.serving.ServedRevision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A burst from nothing: 100 closed-loop clients start at once on a 50 ms function whose target is
 * 10 requests in flight per instance, first when it has scaled to zero (the autoscaler and the
 * activator must start about 15 instances while requests wait), then, as the baseline, when 15
 * instances are already running. Reports time to steady state, instances over time (CSV and a PNG
 * plot) and failed requests. Writes {@code burst.md}, {@code burst.csv}, {@code burst-instances.csv}
 * and {@code burst.png}.
 */
public final class BurstBench {
    private static final String NAME = "burst";
    private static final String SLEEPY = "import time\ndef handle(req):\n    time.sleep(0.05)\n    return 'ok'\n";
    private static final Duration BUCKET = Duration.ofMillis(100);

    private BurstBench() {}

    /** Runs the benchmark; knobs in bench/README.md. */
    public static void main(String[] args) throws Exception {
        int clients = Options.count("bench.burst-clients", 100);
        Duration duration = Options.seconds("bench.burst-seconds", 20);
        int window = Options.count("bench.stable-window", 6);
        String python = Options.python();
        Report report = new Report("Burst: from zero to 100 clients", Machine.describe(python),
                ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        List<String> csv = new ArrayList<>();
        csv.add("run,seconds,ready,starting,queued,in_flight,answers_per_s,failed");
        Table summary = new Table("burst", "Burst against a warm fleet", "run", "clients", "failed requests",
                "time to steady state s", "p50 ms first 2 s", "p99 ms first 2 s", "p50 ms steady", "p99 ms steady",
                "steady req/s", "peak instances", "instances at the end");
        Path results = Options.results();
        try (ScratchDir scratch = ScratchDir.create("skiff-bench-burst-");
             SkiffServer server = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
                     scratch.path().resolve("data"), python))) {
            SkiffApi api = new SkiffApi(server.port(), server.adminToken());
            if (!api.ready()) {
                throw new IllegalStateException("the server is not ready");
            }
            Run cold = burst(server, api, "burst-cold", ScaleSpec.bounds(0, 0), clients, duration, window, csv);
            Run warm = burst(server, api, "burst-warm", ScaleSpec.bounds(15, 0), clients, duration, window, csv);
            summary.row(cold.row()).row(warm.row());
            new Plot("Burst from zero: " + clients + " clients on a 50 ms function, target 10 per instance", "seconds")
                    .series("ready instances", cold.seconds, cold.ready)
                    .series("answers/s", cold.seconds, cold.rate)
                    .write(results.resolve("burst.png"));
        }
        report.paragraph(NOTE.formatted(clients, duration.toSeconds(), window, window))
                .table(summary)
                .paragraph("Instances and answers per second over the run from zero (`burst-instances.csv` has "
                        + "both runs, every 100 ms):\n\n![instances over time](burst.png)");
        report.write(results, NAME);
        Files.write(results.resolve("burst-instances.csv"), csv);
        System.out.print(report.markdown());
    }

    private static Run burst(SkiffServer server, SkiffApi api, String name, ScaleSpec bounds, int clients,
                             Duration duration, int window, List<String> csv) throws Exception {
        Function function = SkiffApi.python(name, SLEEPY, 10);
        api.create(function.withSpec(function.spec().withScale(
                bounds.withGrace(1).withStableWindow(window).withTarget(10))));
        int wanted = bounds.minScale();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (revision(server, name).stats().ready() != wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not settle at " + wanted + " instances");
            }
            Thread.sleep(100);
        }
        Target target = new Target("127.0.0.1", server.port(), "/function/" + name);
        List<ServedRevision.Stats> samples = new ArrayList<>();
        System.err.printf("bench: %s: %d clients for %d s from %d instances%n", name, clients, duration.toSeconds(), wanted);
        Timeline timeline = Timeline.run(target, clients, duration, BUCKET, start -> {
            ServedRevision revision = revision(server, name);
            for (int b = 0; b < duration.toNanos() / BUCKET.toNanos(); b++) {
                long due = start + (b + 1) * BUCKET.toNanos();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                samples.add(revision.stats());
            }
        });
        api.delete(name);
        return new Run(name, clients, timeline, samples, csv);
    }

    private static ServedRevision revision(SkiffServer server, String function) {
        return server.serving().stream().filter(s -> s.revision().function().equals(function)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no revision of " + function + " is served"));
    }

    /** One burst's figures. */
    private static final class Run {
        final String name;
        final int clients;
        final Timeline timeline;
        final double[] seconds;
        final double[] ready;
        final double[] rate;
        final int peak;
        final int last;

        Run(String name, int clients, Timeline timeline, List<ServedRevision.Stats> samples, List<String> csv) {
            this.name = name;
            this.clients = clients;
            this.timeline = timeline;
            int n = samples.size();
            seconds = new double[n];
            ready = new double[n];
            rate = new double[n];
            int most = 0;
            for (int i = 0; i < n; i++) {
                ServedRevision.Stats s = samples.get(i);
                seconds[i] = (i + 1) * BUCKET.toMillis() / 1000.0;
                ready[i] = s.ready();
                rate[i] = timeline.rate(i);
                most = Math.max(most, s.ready());
                csv.add(String.join(",", name, String.format("%.1f", seconds[i]), Integer.toString(s.ready()),
                        Integer.toString(s.starting()), Integer.toString(s.queued()), Integer.toString(s.inFlight()),
                        String.format("%.0f", rate[i]), Long.toString(timeline.failed(i))));
            }
            peak = most;
            last = n == 0 ? 0 : samples.get(n - 1).ready();
        }

        String[] row() {
            int buckets = timeline.buckets();
            int tail = Math.min(50, buckets / 4);
            int steady = timeline.steadyFrom(0.9, tail, 10);
            int first = Math.min(20, buckets);
            double steadyRate = 0;
            for (int b = steady; b < buckets - 1; b++) {
                steadyRate += timeline.rate(b);
            }
            steadyRate /= Math.max(1, buckets - 1 - steady);
            if (timeline.firstError() != null) {
                System.err.println("bench: " + name + ": first failure: " + timeline.firstError());
            }
            return new String[] {name, Integer.toString(clients), Long.toString(timeline.totalFailed()),
                String.format("%.1f", steady * timeline.bucketNanos() / 1e9),
                Units.millis(timeline.percentile(0, first, 50)), Units.millis(timeline.percentile(0, first, 99)),
                Units.millis(timeline.percentile(steady, buckets, 50)), Units.millis(timeline.percentile(steady, buckets, 99)),
                Units.rate(steadyRate), Integer.toString(peak), Integer.toString(last)};
        }
    }

    private static final String NOTE = """
            The function sleeps 50 ms (`time.sleep(0.05)`) and answers `ok`; `concurrency: 10` (the hard \
            limit) and `scale.target: 10`, at Knative's default 70%% utilization: %d clients want about 15 \
            instances, and their closed loops can at most reach 100 / 0.05 s = 2,000 answers a second. \
            Every client opens its keep-alive connection first, then all start at once and run for %d s. \
            **burst-cold** starts from zero instances (the function was left to scale to zero: stable \
            window %d s, grace 1 s); **burst-warm**, the baseline, starts with `minScale: 15`, fifteen \
            instances already running. *time to steady state* is when every later second (ten 100 ms \
            buckets) answers at least 90%% of the last quarter's mean rate. The stable window is %d s (Knative's \
            shortest; its default is 60 s) so that the cold run can begin from zero without a minute's \
            wait; a burst from zero is sized on its first sample either way, because after a silence \
            the concurrency window starts afresh, as Knative's does.
            """;
}

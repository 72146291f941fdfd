package dev.skiff.bench;

import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.serving.PoolStats;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Scale-from-zero to first response for each runtime, on a server with the pre-warmed pool and on
 * one without it, beside the bare interpreter's start, trials interleaved round by round. Writes
 * {@code cold-start.md} and {@code cold-start.csv} and prints the Markdown.
 */
public final class ColdStartBench {
    private static final String NAME = "cold-start";
    private static final int GRACE_SECONDS = 1;
    private static final int POOL_SIZE = ServerConfig.DEFAULT_POOL_SIZE;

    private ColdStartBench() {}

    /** Runs the benchmark; {@code bench.trials} (default 50) sets the trials per runtime and server. */
    public static void main(String[] args) throws IOException, InterruptedException, URISyntaxException {
        int trials = Options.count("bench.trials", 50);
        String python = Options.python();
        Report report = new Report("Cold start from zero, with and without the pre-warmed pool",
                Machine.describe(python), ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        List<RuntimeSample> samples = RuntimesBench.samples(python);
        List<LatencyRecorder> bare = new ArrayList<>();
        List<FromZero> pooled = new ArrayList<>();
        List<FromZero> unpooled = new ArrayList<>();
        List<PoolStats> used;
        // Under bench/target, not /tmp: a sandboxed generic worker sees /tmp empty, so a data
        // directory there would leave the pool off.
        try (ScratchDir scratch = ScratchDir.createUnder(benchTarget(), "skiff-bench-cold-");
             SkiffServer withPool = SkiffServer.start(config(scratch.path().resolve("pooled"), python, POOL_SIZE));
             SkiffServer withoutPool = SkiffServer.start(config(scratch.path().resolve("unpooled"), python, 0))) {
            for (RuntimeSample sample : samples) {
                String id = sample.runtime().replaceAll("[^a-z0-9]", "");
                bare.add(new LatencyRecorder(trials));
                pooled.add(FromZero.deploy(withPool, sample, "cold-pool-" + id, GRACE_SECONDS));
                unpooled.add(FromZero.deploy(withoutPool, sample, "cold-fresh-" + id, GRACE_SECONDS));
            }
            for (int trial = 1; trial <= trials; trial++) {
                System.err.printf("bench: trial %d of %d%n", trial, trials);
                for (int i = 0; i < samples.size(); i++) {
                    bare.get(i).record(ColdStart.bareStart(samples.get(i)));
                    for (FromZero function : List.of(pooled.get(i), unpooled.get(i))) {
                        function.awaitZero();
                        function.measure();
                    }
                }
            }
            used = withPool.pools();
            for (FromZero function : pooled) {
                function.close();
            }
            for (FromZero function : unpooled) {
                function.close();
            }
        }
        report.paragraph(NOTE.formatted(trials, POOL_SIZE, GRACE_SECONDS))
                .table(table(samples, bare, pooled, unpooled, used));
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    private static ServerConfig config(Path dataDir, String python, int poolSize) {
        return new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dataDir, python).withPoolSize(poolSize)
                .withWorkerSockets(!Options.flag("bench.gateway-over-tcp"));
    }

    /** bench/target, where this class was compiled to (bench/target/classes). */
    private static Path benchTarget() throws URISyntaxException {
        return ServerConfig.outsideTmp(
                Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent());
    }

    private static Table table(List<RuntimeSample> samples, List<LatencyRecorder> bare, List<FromZero> pooled,
                               List<FromZero> unpooled, List<PoolStats> used) {
        Table table = new Table("cold-start", "Scale-from-zero to first response (ms)", "runtime", "bare start",
                "bare p50", "bare p99", "from pool p50", "from pool p99", "without pool p50", "without pool p99",
                "pool / without", "taken from pool");
        for (int i = 0; i < samples.size(); i++) {
            RuntimeSample sample = samples.get(i);
            LatencyStats b = LatencyStats.merge(List.of(bare.get(i)));
            LatencyStats p = LatencyStats.merge(List.of(pooled.get(i).latencies()));
            LatencyStats u = LatencyStats.merge(List.of(unpooled.get(i).latencies()));
            String taken = used.stream().filter(stats -> stats.pool().equals(sample.runtime())).findFirst()
                    .map(stats -> Long.toString(stats.taken())).orElse("no pool for this runtime");
            table.row(sample.runtime(), "`" + sample.bareLabel() + "`",
                    Units.millis(b.percentile(50)), Units.millis(b.percentile(99)),
                    Units.millis(p.percentile(50)), Units.millis(p.percentile(99)),
                    Units.millis(u.percentile(50)), Units.millis(u.percentile(99)),
                    Units.ratio(p.percentile(50), u.percentile(50)), taken);
        }
        return table;
    }

    private static final String NOTE = """
            %d trials per runtime and server, interleaved: in each round, per runtime, the bare \
            interpreter doing nothing (fork to exit), then the same no-op function on two servers \
            running side by side in this JVM, one keeping %d generic workers per runtime in its pool \
            and one with the pool off (`--pool-size 0`). A trial waits until the function has scaled \
            to zero (a %d s grace) and the pool is full again, then times one request on a kept-alive \
            gateway connection until its answer: the dispatcher holds it while an instance starts \
            (from the pool: a generic worker handed the function's environment; without: a new \
            process), so this is scale-from-zero to first response as a client sees it. Workers run \
            in the bubblewrap sandbox when the machine has one. Java has no pooled mode (a JVM cannot \
            change its working directory or its environment as a fresh start sets them): its \
            "from pool" column is a fresh start on the pool's server. "taken from pool" counts the \
            generic workers the pool handed out: one per trial, one for the deploy, and one more \
            whenever an autoscaler tick saw the woken request in flight (with a target of 1 at 70 %% \
            utilisation it then wants ceil(1 / 0.7) = 2 instances, and the second also comes from \
            the pool, after the timed answer).""";
}

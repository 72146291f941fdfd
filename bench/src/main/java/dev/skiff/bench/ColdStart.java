package dev.skiff.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Measures one runtime: its bare start, deploy to first answer, and warm invocations, interleaved round by round. */
final class ColdStart {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final int IDLE_SECONDS = 1;
    private final SkiffApi api;
    private final int gatewayPort;
    private final LoadGenerator load;

    /** Measures through {@code api}, invoking on the gateway at {@code gatewayPort}. */
    ColdStart(SkiffApi api, int gatewayPort, LoadGenerator load) {
        this.api = api;
        this.gatewayPort = gatewayPort;
        this.load = load;
    }

    /**
     * One runtime's figures.
     *
     * @param sample the runtime measured
     * @param bare the bare interpreter's starts
     * @param deployToAnswer from the deploy request to the first answer
     * @param fromIdle from a request to a function scaled to zero until its answer
     * @param warm the warm closed-loop run through the gateway
     */
    record Result(RuntimeSample sample, LatencyStats bare, LatencyStats deployToAnswer, LatencyStats fromIdle,
                  LoadResult warm) {}

    /** Runs {@code rounds} rounds of the sample, then the warm run. */
    Result measure(RuntimeSample sample, int rounds) throws IOException, InterruptedException {
        LatencyRecorder bare = new LatencyRecorder(rounds);
        LatencyRecorder deployed = new LatencyRecorder(rounds);
        LatencyRecorder fromIdle = new LatencyRecorder(rounds);
        for (int i = 1; i <= rounds; i++) {
            bare.record(bareStart(sample));
            deployToAnswer(sample, "bench-" + sample.runtime().replaceAll("[^a-z0-9]", "") + "-" + i, deployed, fromIdle);
        }
        String warmName = "bench-warm-" + sample.runtime().replaceAll("[^a-z0-9]", "");
        api.create(SkiffApi.of(warmName, sample.runtime(), sample.handler(), sample.filename(), sample.source()));
        try {
            LoadResult warm = load.run(new Target("127.0.0.1", gatewayPort, "/function/" + warmName), 1);
            return new Result(sample, LatencyStats.merge(List.of(bare)), LatencyStats.merge(List.of(deployed)),
                    LatencyStats.merge(List.of(fromIdle)), warm);
        } finally {
            api.delete(warmName);
        }
    }

    static long bareStart(RuntimeSample sample) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(sample.bareStart())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        int status = builder.start().waitFor();
        long elapsed = System.nanoTime() - start;
        if (status != 0) {
            throw new IOException(sample.bareLabel() + " exited with status " + status);
        }
        return elapsed;
    }

    /**
     * Deploys a function that scales to zero after a second idle, times the deploy to its first
     * answer, waits until it has scaled to zero, and times the next request to its answer.
     */
    private void deployToAnswer(RuntimeSample sample, String name, LatencyRecorder deployed, LatencyRecorder fromIdle)
            throws IOException, InterruptedException {
        Target target = new Target("127.0.0.1", gatewayPort, "/function/" + name);
        try (HttpConnection connection = new HttpConnection(target, REQUEST_TIMEOUT)) {
            connection.connect();
            long sent = System.nanoTime();
            api.create(SkiffApi.scalingToZero(
                    SkiffApi.of(name, sample.runtime(), sample.handler(), sample.filename(), sample.source()), IDLE_SECONDS));
            try {
                expectOk(connection.exchange(target.getRequest()), name);
                deployed.record(System.nanoTime() - sent);
                awaitScaledToZero(name);
                long woken = System.nanoTime();
                expectOk(connection.exchange(target.getRequest()), name);
                fromIdle.record(System.nanoTime() - woken);
            } finally {
                api.delete(name);
            }
        }
    }

    private void awaitScaledToZero(String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(IDLE_SECONDS + 30).toNanos();
        while (!api.instances(name).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not scale to zero");
            }
            Thread.sleep(50);
        }
    }

    private static void expectOk(int status, String name) throws IOException {
        if (status != 200) {
            throw new IOException("invoking " + name + " answered HTTP " + status);
        }
    }

    /** The report's table: one row per runtime. */
    static Table table(List<Result> results) {
        Table table = new Table("runtimes", "Cold start and warm invoke per runtime", "runtime", "bare start",
                "bare p50 ms", "deploy to first answer p50 ms", "max ms", "deploy / bare",
                "from idle to answer p50 ms", "from idle max ms", "from idle / bare", "warm p50 ms",
                "warm p99 ms", "warm req/s", "warm errors");
        for (Result r : results) {
            long bare = r.bare().percentile(50);
            long cold = r.deployToAnswer().percentile(50);
            long idle = r.fromIdle().percentile(50);
            table.row(r.sample().runtime(), "`" + r.sample().bareLabel() + "`", Units.millis(bare), Units.millis(cold),
                    Units.millis(r.deployToAnswer().max()), Units.ratio(cold, bare),
                    Units.millis(idle), Units.millis(r.fromIdle().max()), Units.ratio(idle, bare),
                    Units.millis(r.warm().p50()), Units.millis(r.warm().p99()),
                    Units.rate(r.warm().requestsPerSecond()), Long.toString(r.warm().errors()));
        }
        return table;
    }
}

package dev.skiff.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A new function's first request, beside its baselines, interleaved run by run: the bare
 * interpreter's start ({@code python3 -c pass}), Skiff's worker spawned directly, and a deploy
 * through Skiff's API followed at once by the first invocation through the gateway (the connection
 * to the gateway is opened before the deploy, so its set-up is not counted). Each deployed
 * function has a new name and is deleted afterwards.
 */
final class FirstRequest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private final SkiffApi api;
    private final int gatewayPort;
    private final ProcessStarts baselines;
    private final String source;
    private final LatencyRecorder interpreter = new LatencyRecorder(16);
    private final LatencyRecorder workerReady = new LatencyRecorder(16);
    private final LatencyRecorder workerAnswered = new LatencyRecorder(16);
    private final LatencyRecorder deployCall = new LatencyRecorder(16);
    private final LatencyRecorder firstInvoke = new LatencyRecorder(16);
    private final LatencyRecorder deployToAnswer = new LatencyRecorder(16);
    private final LatencyRecorder secondInvoke = new LatencyRecorder(16);

    /** Measures deploys of {@code source} through {@code api}, invoked on the gateway at {@code gatewayPort}. */
    FirstRequest(SkiffApi api, int gatewayPort, ProcessStarts baselines, String source) {
        this.api = api;
        this.gatewayPort = gatewayPort;
        this.baselines = baselines;
        this.source = source;
    }

    /** Runs {@code times} rounds and returns the table. */
    Table run(int times) throws IOException, InterruptedException {
        for (int i = 1; i <= times; i++) {
            interpreter.record(baselines.interpreter());
            ProcessStarts.WorkerStart worker = baselines.worker(source);
            workerReady.record(worker.ready());
            workerAnswered.record(worker.answered());
            deployAndInvoke("bench-first-" + i);
        }
        System.err.printf("bench: %d deploys: deploy to first answer p50 %s ms%n", times,
                Units.millis(stats(deployToAnswer).percentile(50)));
        return table();
    }

    private void deployAndInvoke(String name) throws IOException, InterruptedException {
        Target target = new Target("127.0.0.1", gatewayPort, "/function/" + name);
        byte[] request = target.getRequest();
        try (HttpConnection connection = new HttpConnection(target, REQUEST_TIMEOUT)) {
            connection.connect();
            long sent = System.nanoTime();
            api.create(SkiffApi.python(name, source, 0));
            long deployed = System.nanoTime();
            try {
                expectOk(connection.exchange(request), name);
                long answered = System.nanoTime();
                expectOk(connection.exchange(request), name);
                long answeredAgain = System.nanoTime();
                deployCall.record(deployed - sent);
                firstInvoke.record(answered - deployed);
                deployToAnswer.record(answered - sent);
                secondInvoke.record(answeredAgain - answered);
            } finally {
                api.delete(name);
            }
        }
    }

    private static void expectOk(int status, String name) throws IOException {
        if (status != 200) {
            throw new IOException("invoking " + name + " answered HTTP " + status);
        }
    }

    private Table table() {
        long bare = stats(interpreter).percentile(50);
        long worker = stats(workerAnswered).percentile(50);
        Table table = new Table("first_request", "First request after deploy", "measure", "runs", "p50 ms", "max ms",
                "p50 / python3 -c pass", "p50 / direct worker to first answer");
        addRow(table, "python3 -c pass (fork to exit)", interpreter, bare, worker);
        addRow(table, "worker spawned directly: to SKIFF-READY", workerReady, bare, worker);
        addRow(table, "worker spawned directly: to first answer", workerAnswered, bare, worker);
        addRow(table, "Skiff deploy: POST until 201", deployCall, bare, worker);
        addRow(table, "Skiff first invoke after the deploy returned", firstInvoke, bare, worker);
        addRow(table, "Skiff deploy sent to first answer", deployToAnswer, bare, worker);
        addRow(table, "Skiff second invoke (warm, for scale)", secondInvoke, bare, worker);
        return table;
    }

    private static void addRow(Table table, String measure, LatencyRecorder samples, long bare, long worker) {
        LatencyStats stats = stats(samples);
        long p50 = stats.percentile(50);
        table.row(measure, Integer.toString(stats.count()), Units.millis(p50), Units.millis(stats.max()),
                Units.ratio(p50, bare), Units.ratio(p50, worker));
    }

    private static LatencyStats stats(LatencyRecorder samples) {
        return LatencyStats.merge(List.of(samples));
    }
}

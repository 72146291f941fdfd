package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.io.IOException;
import java.time.Duration;

/**
 * How long a server takes to go on with an unfinished workflow: the running server is stopped, a new one
 * started on the same data directory, and the time taken until it serves and until one more job succeeded.
 *
 * @param jobs the workflow's jobs
 * @param doneAtStop how many had succeeded when the server stopped, as the new server found them
 * @param stop how long stopping the server took, in nanoseconds
 * @param serving from starting the new server until it served, in nanoseconds
 * @param resumed from starting the new server until one more job had succeeded, in nanoseconds
 */
record RestartResume(int jobs, int doneAtStop, long stop, long serving, long resumed) {
    private static final Duration POLL = Duration.ofMillis(10);

    /** Stops {@code running} while its workflow {@code name} of {@code jobs} jobs runs, starts a server with {@code config} and waits until it has finished it. */
    static RestartResume measure(SkiffServer running, ServerConfig config, String name, int jobs)
            throws IOException, InterruptedException {
        long stopping = System.nanoTime();
        running.close();
        long started = System.nanoTime();
        try (SkiffServer server = SkiffServer.start(config)) {
            long serving = System.nanoTime() - started;
            SkiffWorkflows workflows = new SkiffWorkflows(new SkiffApi(server.port(), server.adminToken()));
            JsonNode now = workflows.summary(name);
            if (now == null) {
                throw new IllegalStateException("the restarted server does not know the workflow it was running");
            }
            int atStop = SkiffWorkflows.succeeded(now);
            while (SkiffWorkflows.running(now) && SkiffWorkflows.succeeded(now) <= atStop) {
                Thread.sleep(POLL);
                now = workflows.summary(name);
            }
            long resumed = System.nanoTime() - started;
            workflows.await(name, EngineScale.POLL, () -> { });
            return new RestartResume(jobs, atStop, started - stopping, serving, resumed);
        }
    }

    /** The measurement as a one-row table. */
    Table table() {
        Table table = new Table("resume", "A server stopped mid-run and started again on its data directory", "jobs",
                "succeeded at stop", "stop ms", "start until serving ms", "start until a job succeeded again ms");
        return table.row(Integer.toString(jobs), Integer.toString(doneAtStop), Units.millis(stop), Units.millis(serving),
                Units.millis(resumed));
    }
}

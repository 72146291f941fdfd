package dev.skiff.bench;

import dev.skiff.server.SkiffServer;
import java.io.IOException;
import java.time.Duration;

/**
 * One function on one server, timed from zero: with no instance left, a request on a kept-alive
 * gateway connection until its answer, which the gateway holds while an instance starts.
 */
final class FromZero implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SCALE_DOWN_LIMIT = Duration.ofSeconds(60);

    private final SkiffServer server;
    private final SkiffApi api;
    private final String name;
    private final Target target;
    private final HttpConnection connection;
    private final LatencyRecorder latencies = new LatencyRecorder(64);

    private FromZero(SkiffServer server, SkiffApi api, String name) {
        this.server = server;
        this.api = api;
        this.name = name;
        this.target = new Target("127.0.0.1", server.port(), "/function/" + name);
        this.connection = new HttpConnection(target, REQUEST_TIMEOUT);
    }

    /** Deploys {@code sample} as {@code name} on {@code server}, scaling to zero after {@code graceSeconds} idle. */
    static FromZero deploy(SkiffServer server, RuntimeSample sample, String name, int graceSeconds)
            throws IOException, InterruptedException {
        SkiffApi api = new SkiffApi(server.port(), server.adminToken());
        api.create(SkiffApi.scalingToZero(
                SkiffApi.of(name, sample.runtime(), sample.handler(), sample.filename(), sample.source()), graceSeconds));
        FromZero fromZero = new FromZero(server, api, name);
        fromZero.connection.connect();
        return fromZero;
    }

    /** Waits until the function has no instance and every pool of its server is full again. */
    void awaitZero() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SCALE_DOWN_LIMIT.toNanos();
        while (!api.instances(name).isEmpty() || !poolsFull()) {
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not scale to zero, or its server's pool did not refill");
            }
            Thread.sleep(20);
        }
    }

    /** Times one request from zero to its answer. */
    void measure() throws IOException {
        long sent = System.nanoTime();
        int status = connection.exchange(target.getRequest());
        long elapsed = System.nanoTime() - sent;
        if (status != 200) {
            throw new IOException("invoking " + name + " answered HTTP " + status);
        }
        latencies.record(elapsed);
    }

    /** The recorded latencies. */
    LatencyRecorder latencies() {
        return latencies;
    }

    private boolean poolsFull() {
        return server.pools().stream().allMatch(pool -> pool.waiting() == pool.size());
    }

    /** Closes the connection and deletes the function. */
    @Override
    public void close() throws IOException {
        connection.close();
        try {
            api.delete(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.skiff.server.front;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;

/**
 * One event loop's HTTP server. Deployed once per core: Vert.x shares the port between the
 * instances and spreads connections over them. Stopping it shuts the server down gracefully.
 */
final class FrontVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Front front;
    private final Duration grace;
    private HttpServer server;

    /** A verticle serving {@code front} with these options, giving in-flight requests {@code grace} to finish on stop. */
    FrontVerticle(HttpServerOptions options, Front front, Duration grace) {
        this.options = options;
        this.front = front;
        this.grace = grace;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options).connectionHandler(front::connected).requestHandler(front).listen()
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        // Vert.x does not know of the invocations answered under it: they finish first, then Vert.x's own requests.
        long deadline = System.nanoTime() + grace.toNanos();
        Promise<Void> drained = Promise.promise();
        awaitInvocations(deadline, drained);
        return drained.future().compose(v -> server.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
    }

    private void awaitInvocations(long deadline, Promise<Void> drained) {
        if (front.invocationsInFlight() == 0 || System.nanoTime() >= deadline) {
            drained.complete();
        } else {
            vertx.setTimer(10, id -> awaitInvocations(deadline, drained));
        }
    }
}

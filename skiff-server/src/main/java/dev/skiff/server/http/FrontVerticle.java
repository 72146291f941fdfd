package dev.skiff.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * One event loop's HTTP server. Deployed once per core: Vert.x shares the port between the
 * instances and spreads connections over them. Stopping it shuts the server down gracefully.
 */
public final class FrontVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> front;
    private final Duration grace;
    private HttpServer server;

    /** A verticle serving {@code front} with these options, giving in-flight requests {@code grace} to finish on stop. */
    public FrontVerticle(HttpServerOptions options, Handler<HttpServerRequest> front, Duration grace) {
        this.options = options;
        this.front = front;
        this.grace = grace;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options).requestHandler(front).listen().onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(grace);
    }
}

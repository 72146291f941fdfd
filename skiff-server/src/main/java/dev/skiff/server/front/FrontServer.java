package dev.skiff.server.front;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * The front's listening socket: one {@link FrontVerticle} per core sharing one port. Vert.x shares a
 * port among its servers only when they are given the same number, so a server asked for port 0
 * picks a free port first; another process may take that port before Vert.x binds it, and then a
 * new one is picked (up to {@value #ATTEMPTS} times).
 */
public final class FrontServer {
    private static final int ATTEMPTS = 5;
    private final Vertx vertx;
    private final String deployment;
    private final int port;

    private FrontServer(Vertx vertx, String deployment, int port) {
        this.vertx = vertx;
        this.deployment = deployment;
        this.port = port;
    }

    /**
     * Listens on {@code host}:{@code port} (0: a free port) with {@code front}, serving HTTPS with
     * {@code tls}'s certificate and key (null: plain HTTP); in-flight requests get {@code grace} on close.
     */
    public static FrontServer listen(Vertx vertx, String host, int port, Front front, Duration grace, KeyCertOptions tls) {
        for (int attempt = 1; ; attempt++) {
            int chosen = port == 0 ? freePort(host) : port;
            HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(chosen)
                    .setTcpNoDelay(true).setCompressionSupported(false).setHttp2ClearTextEnabled(false);
            if (tls != null) {
                // HTTP/1.1 only over TLS too: the invocation fast path lives in HTTP/1.1's pipeline.
                options.setSsl(true).setUseAlpn(false).setKeyCertOptions(tls);
            }
            try {
                String id = await(vertx.deployVerticle(() -> new FrontVerticle(options, front, grace),
                        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())));
                return new FrontServer(vertx, id, chosen);
            } catch (IllegalStateException e) {
                boolean raced = port == 0 && attempt < ATTEMPTS && String.valueOf(e.getMessage()).contains("Address already in use");
                if (!raced) {
                    throw e;
                }
            }
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Stops listening, letting in-flight requests finish within the grace. */
    public Future<Void> close() {
        return vertx.undeploy(deployment);
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen: " + e.getCause().getMessage(), e.getCause());
        }
    }
}

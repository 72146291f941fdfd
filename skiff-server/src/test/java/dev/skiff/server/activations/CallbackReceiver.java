package dev.skiff.server.activations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP endpoint on 127.0.0.1 for callbacks: it keeps every request it gets and answers 204,
 * except on {@code /redirect}, which answers 302 to {@code /target}.
 */
public final class CallbackReceiver implements AutoCloseable {
    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /**
     * One request as it arrived.
     *
     * @param path the request's path and query
     * @param host its Host header
     * @param activationId its {@code X-Skiff-Activation-Id} header
     * @param body its body
     */
    public record Received(String path, String host, String activationId, String body) {}

    private CallbackReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    /** A receiver listening on a free port of 127.0.0.1. */
    public static CallbackReceiver start() {
        try {
            return new CallbackReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next request received, waiting at most {@code limit}; null when none came. */
    public Received next(Duration limit) throws InterruptedException {
        return received.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many requests arrived and were not taken with {@link #next}. */
    public int waiting() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestURI().toString(), exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestHeaders().getFirst("X-Skiff-Activation-Id"), body));
        if (exchange.getRequestURI().getPath().equals("/redirect")) {
            exchange.getResponseHeaders().set("Location", url("/target"));
            exchange.sendResponseHeaders(302, -1);
        } else {
            exchange.sendResponseHeaders(204, -1);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

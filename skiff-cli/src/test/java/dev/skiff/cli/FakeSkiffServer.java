package dev.skiff.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the Skiff server on a loopback port: records each request and plays scripted answers in order. */
final class FakeSkiffServer implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();

    /** One request as the server saw it. */
    record Request(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        /** The body as UTF-8 text. */
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first value of a header, whatever its case, or null. */
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
        }
    }

    /** One scripted answer; a chunked one is sent without Content-Length. */
    record Answer(int status, String contentType, byte[] body, boolean chunked) {}

    private FakeSkiffServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A started server. */
    static FakeSkiffServer start() throws IOException {
        return new FakeSkiffServer();
    }

    /** Adds a JSON answer. */
    FakeSkiffServer answerJson(int status, String json) {
        return answer(new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8), false));
    }

    /** Adds an answer. */
    synchronized FakeSkiffServer answer(Answer answer) {
        answers.add(answer);
        return this;
    }

    /** The base URL to give {@code --server}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, in order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = next();
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        long length = answer.chunked() ? 0 : answer.body().length == 0 ? -1 : answer.body().length;
        exchange.sendResponseHeaders(answer.status(), length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private synchronized Answer next() {
        Answer answer = answers.poll();
        if (answer != null) {
            return answer;
        }
        String body = "{\"error\":\"InternalError\",\"message\":\"no answer scripted\"}";
        return new Answer(500, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }
}

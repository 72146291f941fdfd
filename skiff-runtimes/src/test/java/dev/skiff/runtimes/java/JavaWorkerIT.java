package dev.skiff.runtimes.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.testing.WorkerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Compiles real functions, starts the real Java worker on this JDK and talks HTTP to it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaWorkerIT {
    private static final String ECHO = """
            import java.util.Map;
            import java.util.function.Function;

            public class Echo implements Function<String, Object> {
                public Object apply(String body) {
                    return Map.of("body", body);
                }
            }
            """;
    private static final String BYTES = """
            import java.util.function.Function;

            public class Bytes implements Function<byte[], Object> {
                public Object apply(byte[] body) {
                    return body.length + " bytes, first " + (body.length == 0 ? -1 : body[0] & 0xff);
                }
            }
            """;
    private static final String ROUTES = """
            package demo;

            import dev.skiff.function.Context;
            import dev.skiff.function.Request;
            import dev.skiff.function.SkiffFunction;
            import java.util.Arrays;
            import java.util.LinkedHashMap;
            import java.util.Map;

            public class Routes implements SkiffFunction {
                public record Point(int x, String label) {}

                public Object handle(Request request, Context context) throws Exception {
                    switch (request.path()) {
                        case "/json": return new LinkedHashMap<>(Map.of("a", Arrays.asList(1, 2.5, true, null)));
                        case "/record": return new Point(3, "q\\"uote");
                        case "/number": return 42;
                        case "/text": return "héllo";
                        case "/bytes": return new byte[] {0, 1, (byte) 0xff};
                        case "/none": return null;
                        case "/status":
                            context.setStatus(201);
                            context.setHeader("X-Made", "yes");
                            return "made";
                        case "/html":
                            context.setHeader("Content-Type", "text/html");
                            return "<p>hi</p>";
                        case "/boom": throw new IllegalStateException("no config");
                        case "/print":
                            System.out.println("printed by the handler");
                            return "ok";
                        default:
                            Map<String, Object> seen = new LinkedHashMap<>();
                            seen.put("method", request.method());
                            seen.put("path", request.path());
                            seen.put("query", request.query());
                            seen.put("x", request.queryParameters().get("x"));
                            seen.put("header", request.header("X-CUSTOM"));
                            seen.put("body", request.bodyAsString());
                            seen.put("function", context.functionName());
                            seen.put("revision", context.revision());
                            seen.put("timeout", context.timeout().toSeconds());
                            return seen;
                    }
                }
            }
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private JavaRuntime runtime;
    private RevisionFiles files;
    private WorkerProcess routes;
    private WorkerProcess echo;

    @BeforeAll
    void startWorkers(@TempDir Path temp) throws Exception {
        runtime = new JavaRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(1)));
        files = JavaSources.code(temp.resolve("revision"), "demo/Routes.java", ROUTES);
        Files.writeString(files.codeDir().resolve("Echo.java"), ECHO);
        Files.writeString(files.codeDir().resolve("Bytes.java"), BYTES);
        runtime.prepare(files, JavaSources.spec("demo.Routes", "demo/Routes.java", ROUTES));
        routes = WorkerProcess.start(runtime, files, "demo.Routes").awaitReady();
        echo = WorkerProcess.start(runtime, files, "Echo").awaitReady();
    }

    @AfterAll
    void stopWorkers() {
        routes.close();
        echo.close();
    }

    @Test
    void plainFunctionReceivesTheBodyAsText() throws Exception {
        assertThat(json(send(post(echo, "/", "héllo")))).isEqualTo(tree("{\"body\": \"héllo\"}"));
        assertThat(json(send(HttpRequest.newBuilder(URI.create(echo.url("/"))).build()))).isEqualTo(tree("{\"body\": \"\"}"));
    }

    @Test
    void byteFunctionReceivesTheRawBody() throws Exception {
        try (WorkerProcess bytes = WorkerProcess.start(runtime, files, "Bytes").awaitReady()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(bytes.url("/")))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0})).build();
            assertThat(send(request).body()).isEqualTo("2 bytes, first 255");
        }
    }

    @Test
    void skiffFunctionSeesMethodPathQueryHeadersBodyAndContext() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(routes.url("/echo/a%20b?x=1&x=2+3&y=")))
                .header("X-Custom", "v").method("PUT", HttpRequest.BodyPublishers.ofString("raw body")).build();
        assertThat(json(send(request))).isEqualTo(tree("""
                {"method": "PUT", "path": "/echo/a b", "query": "x=1&x=2+3&y=", "x": ["1", "2 3"], "header": "v",
                 "body": "raw body", "function": "hello", "revision": "hello-00001", "timeout": 60}"""));
    }

    @Test
    void returnValuesMapToResponses() throws Exception {
        assertAnswer("/json", 200, "application/json", "{\"a\":[1,2.5,true,null]}");
        assertAnswer("/record", 200, "application/json", "{\"x\":3,\"label\":\"q\\\"uote\"}");
        assertAnswer("/number", 200, "application/json", "42");
        assertAnswer("/text", 200, "text/plain; charset=utf-8", "héllo");
        assertAnswer("/status", 201, "text/plain; charset=utf-8", "made");
        assertAnswer("/html", 200, "text/html", "<p>hi</p>");
        assertThat(send(get(routes, "/status")).headers().firstValue("X-Made")).contains("yes");
        HttpResponse<byte[]> bytes = http.send(get(routes, "/bytes"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(bytes.body()).containsExactly(0, 1, 0xff);
        HttpResponse<String> none = send(get(routes, "/none"));
        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void exceptionAnswers500AndTheStackGoesToStderr() throws Exception {
        HttpResponse<String> response = send(get(routes, "/boom"));
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(response)).isEqualTo(tree("{\"error\": \"FunctionError\", \"message\": \"IllegalStateException: no config\"}"));
        WorkerProcess.awaitLine(routes.stderr, line -> line.contains("at demo.Routes.handle(Routes.java:"));
        assertThat(send(get(routes, "/number")).body()).isEqualTo("42");
    }

    @Test
    void printedLinesGoToStdout() throws Exception {
        assertThat(send(get(routes, "/print")).body()).isEqualTo("ok");
        WorkerProcess.awaitLine(routes.stdout, "printed by the handler"::equals);
    }

    @Test
    void keepAliveChunkedBodiesAndMalformedRequestsOnOneConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", echo.port)) {
            socket.setSoTimeout((int) WorkerProcess.PATIENCE.toMillis());
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab"
                    + "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ncde\r\n0\r\n\r\n"
                    + "BROKEN\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("{\"body\":\"ab\"}");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("{\"body\":\"cde\"}");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400 Bad Request").contains("MalformedRequest");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void sigtermLetsTheInFlightRequestFinishThenExitsZero(@TempDir Path temp) throws Exception {
        String slow = """
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.function.Function;

                public class Slow implements Function<String, Object> {
                    public Object apply(String body) {
                        System.out.println("started");
                        while (!Files.exists(Path.of("release"))) {
                            Thread.onSpinWait();
                        }
                        return "finished";
                    }
                }
                """;
        RevisionFiles slowFiles = JavaSources.code(temp, "Slow.java", slow);
        runtime.prepare(slowFiles, JavaSources.spec("Slow", "Slow.java", slow));
        try (WorkerProcess worker = WorkerProcess.start(runtime, slowFiles, "Slow").awaitReady()) {
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(get(worker, "/"), HttpResponse.BodyHandlers.ofString());
            WorkerProcess.awaitLine(worker.stdout, "started"::equals);
            worker.process.toHandle().destroy();
            WorkerProcess.awaitLine(worker.stderr, line -> line.startsWith("SKIFF: stopping; finishing 1 in-flight"));
            assertThatThrownBy(() -> new Socket("127.0.0.1", worker.port).close()).isInstanceOf(ConnectException.class);
            Files.createFile(slowFiles.codeDir().resolve("release"));
            HttpResponse<String> response = inFlight.get(WorkerProcess.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("finished");
            assertThat(worker.awaitExit()).isZero();
        }
    }

    @Test
    void endOfStandardInputEndsTheWorker() throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(runtime, files, "Echo").awaitReady()) {
            worker.process.getOutputStream().close();
            assertThat(worker.awaitExit()).isZero();
        }
    }

    /** Reads one Content-Length framed response as text. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed mid-response: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(text.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private void assertAnswer(String path, int status, String contentType, String body) throws Exception {
        HttpResponse<String> response = send(get(routes, path));
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path).contains(contentType);
        assertThat(response.body()).as(path).isEqualTo(body);
    }

    private static HttpRequest post(WorkerProcess worker, String path, String body) {
        return HttpRequest.newBuilder(URI.create(worker.url(path))).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest get(WorkerProcess worker, String path) {
        return HttpRequest.newBuilder(URI.create(worker.url(path))).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Documents.json().readTree(response.body());
    }

    private static JsonNode tree(String json) throws IOException {
        return Documents.json().readTree(json);
    }
}

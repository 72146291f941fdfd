package dev.skiff.runtimes.java;

import static dev.skiff.testkit.http.TestHttpClient.json;
import static dev.skiff.testkit.http.TestHttpClient.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.http.HttpCall;
import dev.skiff.testkit.http.RawHttp;
import dev.skiff.testkit.worker.WorkerHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Java worker does, compiled and run on this JDK: plain {@code Function}s of text or
 * bytes, what a {@code SkiffFunction} sees, a record's JSON. The contract it shares with the other
 * runtimes is JavaContractIT's.
 */
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
            import java.util.LinkedHashMap;
            import java.util.Map;

            public class Routes implements SkiffFunction {
                public record Point(int x, String label) {}

                public Object handle(Request request, Context context) throws Exception {
                    if (request.path().equals("/record")) {
                        return new Point(3, "q\\"uote");
                    }
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
            """;

    private JavaRuntime runtime;
    private RevisionFiles files;
    private WorkerHarness routes;
    private WorkerHarness echo;

    @BeforeAll
    void startWorkers(@TempDir Path temp) throws Exception {
        runtime = new JavaRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(1)));
        files = Workers.code(temp.resolve("revision"), "demo/Routes.java", ROUTES);
        Files.writeString(files.codeDir().resolve("Echo.java"), ECHO);
        Files.writeString(files.codeDir().resolve("Bytes.java"), BYTES);
        runtime.prepare(files, JavaSources.spec("demo.Routes", "demo/Routes.java", ROUTES));
        routes = Workers.start(runtime, files, "demo.Routes").awaitReady();
        echo = Workers.start(runtime, files, "Echo").awaitReady();
    }

    @AfterAll
    void stopWorkers() {
        routes.close();
        echo.close();
    }

    @Test
    void plainFunctionReceivesTheBodyAsText() throws Exception {
        assertThat(json(echo.http().post("/", "héllo", null))).isEqualTo(read("{\"body\": \"héllo\"}"));
        assertThat(json(echo.http().get("/"))).isEqualTo(read("{\"body\": \"\"}"));
    }

    @Test
    void byteFunctionReceivesTheRawBody() throws Exception {
        try (WorkerHarness bytes = Workers.start(runtime, files, "Bytes").awaitReady()) {
            HttpRequest request = bytes.http().request("/")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0})).build();
            assertThat(bytes.http().send(request).body()).isEqualTo("2 bytes, first 255");
        }
    }

    @Test
    void skiffFunctionSeesMethodPathQueryHeadersBodyAndContext() throws Exception {
        HttpRequest request = routes.http().request("/echo/a%20b?x=1&x=2+3&y=")
                .header("X-Custom", "v").method("PUT", HttpRequest.BodyPublishers.ofString("raw body")).build();
        assertThat(json(routes.http().send(request))).isEqualTo(read("""
                {"method": "PUT", "path": "/echo/a b", "query": "x=1&x=2+3&y=", "x": ["1", "2 3"], "header": "v",
                 "body": "raw body", "function": "hello", "revision": "hello-00001", "timeout": 60}"""));
    }

    @Test
    void recordIsAnsweredAsJson() throws Exception {
        HttpResponse<String> record = routes.http().get("/record");
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(record.body()).isEqualTo("{\"x\":3,\"label\":\"q\\\"uote\"}");
    }

    @Test
    void pipelinedRequestsThenAMalformedOne_areAnsweredInOrder() throws Exception {
        try (RawHttp connection = new RawHttp(echo.port())) {
            HttpCall ab = HttpCall.post("/", null, "ab");
            HttpCall cde = HttpCall.post("/", null, "cde");
            connection.send(ab.http11() + cde.chunked() + "BROKEN\r\n\r\n");
            assertThat(connection.read()).extracting(RawHttp.Response::status, RawHttp.Response::reason, RawHttp.Response::body)
                    .containsExactly(200, "OK", "{\"body\":\"ab\"}");
            assertThat(connection.read()).extracting(RawHttp.Response::status, RawHttp.Response::reason, RawHttp.Response::body)
                    .containsExactly(200, "OK", "{\"body\":\"cde\"}");
            RawHttp.Response broken = connection.read();
            assertThat(broken.status()).isEqualTo(400);
            assertThat(broken.reason()).isEqualTo("Bad Request");
            assertThat(broken.body()).contains("MalformedRequest");
            assertThat(connection.closedByPeer()).isTrue();
        }
    }
}

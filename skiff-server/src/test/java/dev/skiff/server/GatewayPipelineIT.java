package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.http.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front's fast path for invocations (answered under Vert.x, on the connection's pipeline), seen
 * on raw HTTP/1.1 connections: it answers as the rest of the server does, keeps answers in request
 * order when invocations and API calls share a connection, even pipelined, and honours the body
 * limit and {@code Connection: close}.
 */
class GatewayPipelineIT {
    private static final String ECHO = """
            def handler(event, context):
                h = event['headers']
                return {'method': event['method'], 'path': event['path'], 'query': event['query'],
                        'data': event['data'], 'forwardedFor': h.get('x-forwarded-for'),
                        'forwardedHost': h.get('x-forwarded-host'), 'requestId': h.get('x-request-id'),
                        'connection': h.get('connection'), 'te': h.get('te'), 'hop': h.get('x-hop'),
                        'test': h.get('x-test'), 'length': h.get('content-length')}
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(Function.of("echo", FunctionSpec.builder().runtime("python3").handler("main.handler")
                .source(Source.text("main.py", ECHO)).maxRequestSize("1Ki").build()));
    }

    @Test
    void anInvocationIsAnsweredOnThePipeline_withTheForwardingHeaders_andNoHopByHopOnes() throws IOException {
        long before = server.server().answeredOnPipeline();
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send("GET /function/echo/a/b?x=1 HTTP/1.1\r\nHost: example.test:8080\r\nX-Test: kept\r\n"
                    + "Connection: keep-alive, TE, X-Hop\r\nTE: trailers\r\nX-Hop: this hop only\r\n\r\n");
            RawHttp.Response answer = raw.read();

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers()).containsEntry("x-skiff-revision", "echo-00001");
            JsonNode echoed = TestServer.read(answer.body());
            assertThat(echoed.get("method").asText()).isEqualTo("GET");
            assertThat(echoed.get("path").asText()).isEqualTo("/a/b");
            assertThat(echoed.at("/query/x/0").asText()).isEqualTo("1");
            assertThat(echoed.get("test").asText()).isEqualTo("kept");
            assertThat(echoed.get("forwardedFor").asText()).isEqualTo("127.0.0.1");
            assertThat(echoed.get("forwardedHost").asText()).isEqualTo("example.test:8080");
            assertThat(echoed.get("requestId").asText()).isNotBlank();
            assertThat(echoed.get("te").isNull()).isTrue();
            assertThat(echoed.get("hop").isNull()).isTrue();
            assertThat(echoed.get("connection").isNull()).isTrue();
            assertThat(echoed.get("length").isNull()).as("a GET without a body goes without a length").isTrue();
        }
        assertThat(server.server().answeredOnPipeline()).isEqualTo(before + 1);
    }

    @Test
    void aPostWithAnEmptyBodyKeepsAnExplicitLengthOfZero() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send("POST /function/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            RawHttp.Response answer = raw.read();

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(TestServer.read(answer.body()).get("length").asText()).isEqualTo("0");
        }
    }

    @Test
    void aClientCannotSetTheActivationIdOrTriggerItsCallIsRecordedWith() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send("GET /function/echo/spoof HTTP/1.1\r\nHost: x\r\nX-Skiff-Activation-Id: 00000000000000000000000000000abc\r\n"
                    + "X-Skiff-Trigger: not-a-trigger\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.send("GET", "/api/v1/activations?function=echo&limit=1000", null)
                .body().contains("/spoof"));
        JsonNode record = null;
        for (JsonNode item : TestServer.read(server.send("GET", "/api/v1/activations?function=echo&limit=1000", null).body())
                .get("items")) {
            if (item.get("result").asText().contains("/spoof")) {
                record = item;
            }
        }
        assertThat(record).isNotNull();
        assertThat(record.get("activationId").asText()).isNotEqualTo("00000000000000000000000000000abc");
        assertThat(record.has("trigger")).isFalse();
    }

    @Test
    void invocationsAndApiCallsOnOneConnection_pipelined_areAnsweredInTheOrderSent() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send(get("/function/echo/first") + get("/api/v1/functions/echo") + post("/function/echo/second", "{\"n\": 2}")
                    + get("/healthz") + get("/function/echo/third") + get("/function/echo/fourth"));

            assertThat(TestServer.read(raw.read().body()).get("path").asText()).isEqualTo("/first");
            assertThat(TestServer.read(raw.read().body()).at("/metadata/name").asText()).isEqualTo("echo");
            JsonNode second = TestServer.read(raw.read().body());
            assertThat(second.get("path").asText()).isEqualTo("/second");
            assertThat(second.at("/data/n").asInt()).isEqualTo(2);
            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(TestServer.read(raw.read().body()).get("path").asText()).isEqualTo("/third");
            assertThat(TestServer.read(raw.read().body()).get("path").asText()).isEqualTo("/fourth");
        }
    }

    @Test
    void invocationsTakeTheFastPathBetweenApiCallsOnAKeepAliveConnection() throws IOException {
        long before = server.server().answeredOnPipeline();
        try (RawHttp raw = new RawHttp(server.server().port())) {
            for (int i = 0; i < 3; i++) {
                raw.send(get("/api/v1/functions/echo"));
                assertThat(raw.read().status()).isEqualTo(200);
                raw.send(get("/function/echo/" + i));
                assertThat(TestServer.read(raw.read().body()).get("path").asText()).isEqualTo("/" + i);
            }
        }
        assertThat(server.server().answeredOnPipeline()).isEqualTo(before + 3);
    }

    @Test
    void aChunkedBodyOverTheLimit_isA413_andTheConnectionCloses_whileOneUnderItIsForwarded() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send("POST /function/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertThat(TestServer.read(raw.read().body()).get("data").asText()).isEqualTo("hello world");

            String chunk = "x".repeat(800);
            raw.send("POST /function/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
            RawHttp.Response tooLarge = raw.read();

            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.headers()).containsEntry("connection", "close");
            assertThat(TestServer.read(tooLarge.body()).get("error").asText()).isNotBlank();
            assertThat(TestServer.read(tooLarge.body()).get("message").asText()).contains("1024 bytes");
            assertThat(raw.closedByPeer()).isTrue();
        }
        assertThat(server.send("GET", "/function/echo/still", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUpgradeToH2c_isDeclinedAndAnsweredInHttp1_onTheFastPath() throws IOException {
        long before = server.server().answeredOnPipeline();
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send("GET /function/echo/up HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n");
            RawHttp.Response answer = raw.read();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(TestServer.read(answer.body()).get("path").asText()).isEqualTo("/up");
        }
        assertThat(server.server().answeredOnPipeline()).isEqualTo(before + 1);
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send("GET /function/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp.Response answer = raw.read();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers()).containsEntry("connection", "close");
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void anUnknownFunctionOrTag_isA404FromTheSamePort() throws IOException {
        try (RawHttp raw = new RawHttp(server.server().port())) {
            raw.send(get("/function/nope") + get("/function/echo@missing") + get("/function/echo"));

            RawHttp.Response unknown = raw.read();
            RawHttp.Response untagged = raw.read();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(TestServer.read(unknown.body()).get("error").asText()).isNotBlank();
            assertThat(untagged.status()).isEqualTo(404);
            assertThat(TestServer.read(untagged.body()).get("message").asText()).contains("missing");
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aStoppingServerFinishesTheInvocationsItsFastPathIsAnswering(@TempDir Path temp) throws Exception {
        TestServer own = TestServer.start(temp);
        try {
            own.deploy(Function.of("slow", FunctionSpec.builder().runtime("python3").handler("main.handler")
                    .source(Source.text("main.py", """
                            import time
                            def handler(event, context):
                                time.sleep(1.5)
                                return 'finished'
                            """)).build()));
            long before = own.server().answeredOnPipeline();
            try (RawHttp raw = new RawHttp(own.server().port())) {
                raw.send(get("/function/slow"));
                await().atMost(Duration.ofSeconds(10)).until(() -> own.server().serving().stream()
                        .anyMatch(serving -> serving.dispatcher().load().inFlight() == 1));

                Thread stopping = Thread.ofPlatform().start(own::close);
                RawHttp.Response answer = raw.read();
                stopping.join();

                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("finished");
            }
            assertThat(own.server().answeredOnPipeline()).isEqualTo(before + 1);
        } finally {
            own.close();
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token() + "\r\n\r\n";
    }

    private static String post(String path, String json) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token() + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }
}

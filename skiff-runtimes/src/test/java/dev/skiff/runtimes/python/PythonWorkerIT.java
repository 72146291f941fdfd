package dev.skiff.runtimes.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.testing.RawHttp;
import dev.skiff.runtimes.testing.WorkerProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real bootstrap with the real /usr/bin/python3 and talks HTTP to it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonWorkerIT {
    private static final String SEED = """
            def handle(req):
                return {'type': type(req).__name__, 'value': req.hex() if isinstance(req, bytes) else req}
            """;
    private static final String KUBELESS = """
            import asyncio

            def handler(event, context):
                path = event['path']
                request = event['extensions']['request']
                response = event['extensions']['response']
                if path.startswith('/echo'):
                    return {
                        'method': event['method'], 'path': path, 'query': event['query'],
                        'header': event['headers']['x-custom'], 'headerAnyCase': request.headers['X-CUSTOM'],
                        'body': request.body.decode(), 'data': event['data'], 'eventId': event['event-id'],
                        'eventType': event['event-type'], 'namespace': event['event-namespace'],
                        'function': context['function-name'], 'runtime': context['runtime'],
                        'timeout': context['timeout'],
                    }
                routes = {
                    '/json': lambda: {'a': [1, 2.5, True, None]},
                    '/number': lambda: 42,
                    '/text': lambda: 'héllo',
                    '/bytes': lambda: b'\\x00\\x01\\xff',
                    '/none': lambda: None,
                    '/tuple': lambda: ('made', 201, {'X-Made': 'yes'}),
                    '/tuple-status': lambda: ({'missing': True}, 404),
                    '/html': lambda: ('<p>hi</p>', {'Content-Type': 'text/html'}),
                    '/pair': lambda: ('a', 'b'),
                    '/boom': lambda: 1 / 0,
                    '/unencodable': lambda: {'s': {1, 2}},
                    '/print': lambda: print('printed by the handler') or 'ok',
                    '/awaitable': later,
                }
                if path == '/response':
                    response.status = 202
                    response.headers['X-Done'] = 'yes'
                    return 'accepted'
                if path == '/bad-status':
                    response.status = 'oops'
                    return 'never sent'
                return routes[path]()

            async def later():
                await asyncio.sleep(0)
                return {'awaited': True}
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PythonRuntime runtime;
    private WorkerProcess seed;
    private WorkerProcess kubeless;

    @BeforeAll
    void startWorkers(@TempDir Path temp) throws Exception {
        runtime = new PythonRuntime(new RuntimeConfig(temp.resolve("bootstrap"), "/usr/bin/python3", Duration.ofMinutes(1)));
        seed = WorkerProcess.start(runtime, code(temp.resolve("seed"), "hello.py", SEED), "hello.handle").awaitReady();
        kubeless = WorkerProcess.start(runtime, code(temp.resolve("kubeless"), "handlers.py", KUBELESS), "handlers.handler")
                .awaitReady();
    }

    @AfterAll
    void stopWorkers() {
        seed.close();
        kubeless.close();
    }

    @Test
    void seedHandlerReceivesTheDecodedBody() throws Exception {
        assertThat(json(send(post("/", "{\"name\": \"x\"}", "application/json"))))
                .isEqualTo(tree("{\"type\": \"dict\", \"value\": {\"name\": \"x\"}}"));
        assertThat(json(send(post("/", "42", null)))).isEqualTo(tree("{\"type\": \"int\", \"value\": 42}"));
        assertThat(json(send(post("/", "{oops", "application/json"))))
                .isEqualTo(tree("{\"type\": \"str\", \"value\": \"{oops\"}"));
        assertThat(json(send(post("/", "42", "text/plain")))).isEqualTo(tree("{\"type\": \"str\", \"value\": \"42\"}"));
        assertThat(json(send(post("/", "42", "application/octet-stream"))))
                .isEqualTo(tree("{\"type\": \"bytes\", \"value\": \"3432\"}"));
        HttpRequest notUtf8 = HttpRequest.newBuilder(URI.create(seed.url("/")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe})).build();
        assertThat(json(send(notUtf8))).isEqualTo(tree("{\"type\": \"bytes\", \"value\": \"fffe\"}"));
    }

    @Test
    void seedHandlerGetsTheQueryWhenTheBodyIsEmpty() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(seed.url("/?name=y&name=z"))).build();
        assertThat(json(send(get))).isEqualTo(tree("{\"type\": \"dict\", \"value\": {\"name\": \"y\"}}"));
    }

    @Test
    void kubelessHandlerSeesPathQueryHeadersAndBody() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kubeless.url("/echo/a%20b?x=1&x=2&y=")))
                .header("X-Custom", "v").header("X-Request-Id", "rid-1").header("Content-Type", "application/json")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"k\": \"v\"}")).build();
        assertThat(json(send(request))).isEqualTo(tree("""
                {"method": "PUT", "path": "/echo/a b", "query": {"x": ["1", "2"], "y": [""]},
                 "header": "v", "headerAnyCase": "v", "body": "{\\"k\\": \\"v\\"}", "data": {"k": "v"},
                 "eventId": "rid-1", "eventType": "application/json", "namespace": "skiff",
                 "function": "hello", "runtime": "python3", "timeout": "60"}"""));
    }

    @Test
    void returnValuesMapToResponses() throws Exception {
        assertAnswer("/json", 200, "application/json", "{\"a\": [1, 2.5, true, null]}");
        assertAnswer("/number", 200, "application/json", "42");
        assertAnswer("/text", 200, "text/plain; charset=utf-8", "héllo");
        assertAnswer("/tuple", 201, "text/plain; charset=utf-8", "made");
        assertAnswer("/tuple-status", 404, "application/json", "{\"missing\": true}");
        assertAnswer("/html", 200, "text/html", "<p>hi</p>");
        assertAnswer("/pair", 200, "application/json", "[\"a\", \"b\"]");
        assertAnswer("/awaitable", 200, "application/json", "{\"awaited\": true}");
        assertAnswer("/response", 202, "text/plain; charset=utf-8", "accepted");
        HttpResponse<byte[]> bytes = http.send(get(kubeless, "/bytes"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(bytes.body()).containsExactly(0, 1, 0xff);
        HttpResponse<String> none = send(get(kubeless, "/none"));
        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        assertThat(send(get(kubeless, "/tuple")).headers().firstValue("X-Made")).contains("yes");
        assertThat(send(get(kubeless, "/response")).headers().firstValue("X-Done")).contains("yes");
    }

    @Test
    void handlerExceptionAnswers500AndLogsTheTraceback() throws Exception {
        HttpResponse<String> boom = send(get(kubeless, "/boom"));
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(boom)).isEqualTo(tree("{\"error\": \"FunctionError\", \"message\": \"ZeroDivisionError: division by zero\"}"));
        WorkerProcess.awaitLine(kubeless.stderr, line -> line.startsWith("ZeroDivisionError: division by zero"));
        assertThat(kubeless.stderr).anyMatch(line -> line.contains("handlers.py") && line.contains("<lambda>"))
                .noneMatch(line -> line.contains("skiff_worker.py"));
        HttpResponse<String> unencodable = send(get(kubeless, "/unencodable"));
        assertThat(unencodable.statusCode()).isEqualTo(500);
        assertThat(json(unencodable).get("message").asText()).isEqualTo("TypeError: Object of type set is not JSON serializable");
        HttpResponse<String> badStatus = send(get(kubeless, "/bad-status"));
        assertThat(badStatus.statusCode()).isEqualTo(500);
        assertThat(json(badStatus).get("message").asText()).startsWith("ValueError: the response status must be an int");
        assertThat(send(get(kubeless, "/json")).statusCode()).isEqualTo(200);
    }

    @Test
    void handlerPrintsReachStandardOutput() throws Exception {
        assertThat(send(get(kubeless, "/print")).body()).isEqualTo("ok");
        WorkerProcess.awaitLine(kubeless.stdout, "printed by the handler"::equals);
    }

    @Test
    void asyncAndArgumentlessHandlersAreCalled(@TempDir Path temp) throws Exception {
        RevisionFiles files = code(temp, "mod.py", """
                import asyncio

                async def handle(req):
                    await asyncio.sleep(0)
                    return {'async': req}

                def ping():
                    return 'pong'
                """);
        try (WorkerProcess async = WorkerProcess.start(runtime, files, "mod.handle").awaitReady();
             WorkerProcess ping = WorkerProcess.start(runtime, files, "mod.ping").awaitReady()) {
            assertThat(json(send(post("/", "[1]", "application/json", async)))).isEqualTo(tree("{\"async\": [1]}"));
            assertThat(send(get(ping, "/")).body()).isEqualTo("pong");
        }
    }

    @Test
    void manyRequestsShareOneKeptAliveConnection() throws Exception {
        try (RawHttp connection = new RawHttp(kubeless.port)) {
            for (int i = 0; i < 100; i++) {
                RawHttp.Response response = connection.send("GET /number HTTP/1.1\r\nHost: w\r\n\r\n").read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("42");
            }
            connection.send("GET /text HTTP/1.1\r\nHost: w\r\n\r\nGET /number HTTP/1.1\r\nHost: w\r\n\r\n");
            assertThat(connection.read().body()).isEqualTo("héllo");
            assertThat(connection.read().body()).isEqualTo("42");
        }
    }

    @Test
    void chunkedRequestBodiesAreDecoded() throws Exception {
        try (RawHttp connection = new RawHttp(kubeless.port)) {
            RawHttp.Response response = connection.send("POST /echo HTTP/1.1\r\nHost: w\r\nX-Custom: c\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n7\r\n{\"a\": 1\r\n1;ext=1\r\n}\r\n0\r\nTrailer: t\r\n\r\n").read();
            assertThat(Documents.json().readTree(response.body()).get("data")).isEqualTo(tree("{\"a\": 1}"));
            assertThat(connection.send("GET /number HTTP/1.1\r\nHost: w\r\n\r\n").read().body()).isEqualTo("42");
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        try (RawHttp connection = new RawHttp(kubeless.port)) {
            connection.send("POST /echo HTTP/1.1\r\nHost: w\r\nX-Custom: c\r\nContent-Length: 2\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(100);
            RawHttp.Response response = connection.send("[]").read();
            assertThat(Documents.json().readTree(response.body()).get("data")).isEqualTo(tree("[]"));
        }
    }

    @Test
    void headAnswersHeadersWithoutABody() throws Exception {
        try (RawHttp connection = new RawHttp(kubeless.port)) {
            RawHttp.Response head = connection.send("HEAD /text HTTP/1.1\r\nHost: w\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).containsEntry("content-length", "6");
            assertThat(connection.send("GET /number HTTP/1.1\r\nHost: w\r\n\r\n").read().body()).isEqualTo("42");
        }
    }

    @Test
    void connectionCloseAndHttp10AreHonoured() throws Exception {
        try (RawHttp connection = new RawHttp(kubeless.port)) {
            RawHttp.Response response = connection.send("GET /number HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n").read();
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(connection.closedByPeer()).isTrue();
        }
        try (RawHttp connection = new RawHttp(kubeless.port)) {
            assertThat(connection.send("GET /number HTTP/1.0\r\n\r\n").read().body()).isEqualTo("42");
            assertThat(connection.closedByPeer()).isTrue();
        }
        try (RawHttp connection = new RawHttp(kubeless.port)) {
            connection.send("GET /number HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(connection.send("GET /text HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().body()).isEqualTo("héllo");
        }
    }

    @Test
    void malformedRequestsAnswer400AndClose() throws Exception {
        for (String malformed : new String[] {"nonsense\r\n\r\n", "GET /x HTTP/1.1\r\nno colon here\r\n\r\n",
                "POST /x HTTP/1.1\r\nContent-Length: ten\r\n\r\n", "GET /x HTTP/2.0\r\n\r\n"}) {
            try (RawHttp connection = new RawHttp(kubeless.port)) {
                RawHttp.Response response = connection.send(malformed).read();
                assertThat(response.status()).as(malformed).isEqualTo(400);
                assertThat(Documents.json().readTree(response.body()).get("error").asText()).isEqualTo("MalformedRequest");
                assertThat(connection.closedByPeer()).isTrue();
            }
        }
        assertThat(send(get(kubeless, "/number")).body()).isEqualTo("42");
    }

    @Test
    void sigtermLetsTheInFlightRequestFinishThenExitsZero(@TempDir Path temp) throws Exception {
        RevisionFiles files = code(temp, "slow.py", """
                import os, time

                def handle(req):
                    print('started')
                    while not os.path.exists('release'):
                        time.sleep(0.01)
                    return 'finished'
                """);
        try (WorkerProcess worker = WorkerProcess.start(runtime, files, "slow.handle").awaitReady()) {
            CompletableFuture<HttpResponse<String>> inFlight =
                    http.sendAsync(get(worker, "/"), HttpResponse.BodyHandlers.ofString());
            WorkerProcess.awaitLine(worker.stdout, "started"::equals);
            // ProcessHandle.destroy() only signals; Process.destroy() also closes stdin, which means "exit at once".
            worker.process.toHandle().destroy();
            WorkerProcess.awaitLine(worker.stderr, line -> line.startsWith("SKIFF: stopping; finishing 1 in-flight"));
            assertThatThrownBy(() -> new Socket("127.0.0.1", worker.port).close()).isInstanceOf(ConnectException.class);
            Files.createFile(files.codeDir().resolve("release"));
            HttpResponse<String> response = inFlight.get(WorkerProcess.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("finished");
            assertThat(worker.awaitExit()).isZero();
        }
    }

    @Test
    @Timeout(120)
    void alsoServesOnTheUnixSocketItIsGiven_andStopsServingBothOnSigterm(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("sockets/http.sock");
        Files.createDirectories(socket.getParent());
        RevisionFiles files = code(temp, "hello.py", SEED);
        try (WorkerProcess worker = WorkerProcess.start(runtime.command(files, null), files, "hello.handle",
                Map.of("SKIFF_SOCKET", socket.toString())).awaitReady()) {
            assertThat(socket).as("made before SKIFF-READY").exists();
            try (RawHttp overSocket = RawHttp.unix(socket)) {
                for (int i = 0; i < 3; i++) {
                    RawHttp.Response response = overSocket.send("POST / HTTP/1.1\r\nHost: w\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 4\r\n\r\n\"hi\"").read();
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo("{\"type\": \"str\", \"value\": \"hi\"}");
                }
            }
            assertThat(send(post("/", "\"hi\"", "application/json", worker)).body())
                    .isEqualTo("{\"type\": \"str\", \"value\": \"hi\"}");
            worker.process.toHandle().destroy();
            assertThat(worker.awaitExit()).isZero();
        }
    }

    @Test
    void aSocketItCannotMakeIsReported_andThePortStillServes(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("no-such-dir/http.sock");
        RevisionFiles files = code(temp, "hello.py", SEED);
        try (WorkerProcess worker = WorkerProcess.start(runtime.command(files, null), files, "hello.handle",
                Map.of("SKIFF_SOCKET", socket.toString())).awaitReady()) {
            WorkerProcess.awaitLine(worker.stderr, line -> line.startsWith("SKIFF: cannot listen on " + socket));
            assertThat(send(post("/", "\"hi\"", "application/json", worker)).statusCode()).isEqualTo(200);
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void endOfStandardInputEndsTheWorker(@TempDir Path temp) throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(runtime, code(temp, "hello.py", SEED), "hello.handle").awaitReady()) {
            worker.process.getOutputStream().close();
            assertThat(worker.awaitExit()).isZero();
        }
    }

    static RevisionFiles code(Path dir, String file, String content) throws IOException {
        Path codeDir = Files.createDirectories(dir.resolve("code"));
        Files.createDirectories(codeDir.resolve(file).getParent());
        Files.writeString(codeDir.resolve(file), content);
        return new RevisionFiles(codeDir, Files.createDirectories(dir.resolve("deps")));
    }

    private void assertAnswer(String path, int status, String contentType, String body) throws Exception {
        HttpResponse<String> response = send(get(kubeless, path));
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path).contains(contentType);
        assertThat(response.body()).as(path).isEqualTo(body);
    }

    private HttpRequest post(String path, String body, String contentType) {
        return post(path, body, contentType, seed);
    }

    private static HttpRequest post(String path, String body, String contentType, WorkerProcess worker) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(worker.url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return (contentType == null ? builder : builder.header("Content-Type", contentType)).build();
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

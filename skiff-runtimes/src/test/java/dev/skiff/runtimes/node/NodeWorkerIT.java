package dev.skiff.runtimes.node;

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

/** Starts the real bootstrap with the real node and talks HTTP to it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeWorkerIT {
    private static final String ECHO = """
            module.exports.handle = async (req, ctx) => ({
              type: Buffer.isBuffer(req) ? 'Buffer' : typeof req,
              value: Buffer.isBuffer(req) ? req.toString('hex') : req,
            });
            """;
    private static final String ROUTES = """
            const routes = {
              '/json': () => ({ a: [1, 2.5, true, null] }),
              '/number': () => 42,
              '/text': () => 'héllo',
              '/buffer': () => Buffer.from([0, 1, 255]),
              '/none': () => undefined,
              '/null': () => null,
              '/shaped': () => ({ statusCode: 201, body: 'x' }),
              '/made': (ctx) => { ctx.status(201).setHeader('X-Made', 'yes'); return 'made'; },
              '/html': (ctx) => { ctx.setHeader('Content-Type', 'text/html'); return '<p>hi</p>'; },
              '/boom': () => { throw new RangeError('too far'); },
              '/rejected': () => Promise.reject(new TypeError('no luck')),
              '/bigint': () => 10n,
              '/bad-status': (ctx) => { ctx.status('oops'); return 'never sent'; },
              '/bad-header': (ctx) => { ctx.setHeader('X-Bad', 'a\\nb'); return 'never sent'; },
              '/print': () => { console.log('printed by the handler'); return 'ok'; },
              '/later-throw': () => { setTimeout(() => { throw new Error('thrown later'); }, 0); return 'ok'; },
            };

            exports.handle = async (req, ctx) => {
              if (ctx.path.startsWith('/echo')) {
                return {
                  method: ctx.method, path: ctx.path, query: ctx.query, header: ctx.headers['x-custom'],
                  body: ctx.body.toString(), req, functionName: ctx.functionName, revision: ctx.revision,
                  timeout: ctx.timeout, runtime: ctx.runtime,
                };
              }
              await null;
              return routes[ctx.path](ctx);
            };

            exports.sync = (req) => 'sync ' + req.name;
            """;

    /** Answers /fast at once; anything else once a file 'release' exists, after printing 'started'. */
    private static final String SLOW = """
            const fs = require('fs');
            exports.handle = (req, ctx) => ctx.path === '/fast' ? 'fast' : new Promise((resolve) => {
              console.log('started');
              const timer = setInterval(() => {
                if (fs.existsSync('release')) {
                  clearInterval(timer);
                  resolve('finished');
                }
              }, 10);
            });
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private NodeRuntime runtime;
    private WorkerProcess echo;
    private WorkerProcess routes;

    @BeforeAll
    void startWorkers(@TempDir Path temp) throws Exception {
        runtime = new NodeRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(1)));
        echo = WorkerProcess.start(runtime, code(temp.resolve("echo"), "hello.js", ECHO), "hello.handle").awaitReady();
        routes = WorkerProcess.start(runtime, code(temp.resolve("routes"), "lib/api.js", ROUTES), "lib/api.handle").awaitReady();
    }

    @AfterAll
    void stopWorkers() {
        echo.close();
        routes.close();
    }

    @Test
    void requestIsTheDecodedBody() throws Exception {
        assertThat(json(send(post(echo, "/", "{\"name\": \"x\"}", "application/json"))))
                .isEqualTo(tree("{\"type\": \"object\", \"value\": {\"name\": \"x\"}}"));
        assertThat(json(send(post(echo, "/", "42", null)))).isEqualTo(tree("{\"type\": \"number\", \"value\": 42}"));
        assertThat(json(send(post(echo, "/", "{oops", "application/json"))))
                .isEqualTo(tree("{\"type\": \"string\", \"value\": \"{oops\"}"));
        assertThat(json(send(post(echo, "/", "42", "text/plain")))).isEqualTo(tree("{\"type\": \"string\", \"value\": \"42\"}"));
        assertThat(json(send(post(echo, "/", "42", "application/octet-stream"))))
                .isEqualTo(tree("{\"type\": \"Buffer\", \"value\": \"3432\"}"));
        HttpRequest notUtf8 = HttpRequest.newBuilder(URI.create(echo.url("/")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe})).build();
        assertThat(json(send(notUtf8))).isEqualTo(tree("{\"type\": \"Buffer\", \"value\": \"fffe\"}"));
    }

    @Test
    void emptyBodyGivesTheQueryParameters() throws Exception {
        assertThat(json(send(get(echo, "/?name=y&name=z&e="))))
                .isEqualTo(tree("{\"type\": \"object\", \"value\": {\"name\": \"y\", \"e\": \"\"}}"));
    }

    @Test
    void contextCarriesTheRequestAndTheFunction() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(routes.url("/echo/a%20b?x=1&x=2&y=")))
                .header("X-Custom", "v").header("Content-Type", "application/json")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"k\": \"v\"}")).build();
        assertThat(json(send(request))).isEqualTo(tree("""
                {"method": "PUT", "path": "/echo/a b", "query": {"x": ["1", "2"], "y": [""]}, "header": "v",
                 "body": "{\\"k\\": \\"v\\"}", "req": {"k": "v"}, "functionName": "hello", "revision": "hello-00001",
                 "timeout": 60, "runtime": "nodejs"}"""));
    }

    @Test
    void returnValuesMapToResponses() throws Exception {
        assertAnswer("/json", 200, "application/json", "{\"a\":[1,2.5,true,null]}");
        assertAnswer("/number", 200, "application/json", "42");
        assertAnswer("/text", 200, "text/plain; charset=utf-8", "héllo");
        assertAnswer("/shaped", 200, "application/json", "{\"statusCode\":201,\"body\":\"x\"}");
        assertAnswer("/made", 201, "text/plain; charset=utf-8", "made");
        assertAnswer("/html", 200, "text/html", "<p>hi</p>");
        assertThat(send(get(routes, "/made")).headers().firstValue("X-Made")).contains("yes");
        HttpResponse<byte[]> bytes = http.send(get(routes, "/buffer"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(bytes.body()).containsExactly(0, 1, 0xff);
        for (String nothing : new String[] {"/none", "/null"}) {
            HttpResponse<String> none = send(get(routes, nothing));
            assertThat(none.statusCode()).as(nothing).isEqualTo(204);
            assertThat(none.body()).as(nothing).isEmpty();
        }
    }

    @Test
    void syncHandlersAreCalledToo(@TempDir Path temp) throws Exception {
        try (WorkerProcess sync = WorkerProcess.start(runtime, code(temp, "lib/api.js", ROUTES), "lib/api.sync").awaitReady()) {
            assertThat(send(post(sync, "/", "{\"name\": \"Ada\"}", "application/json")).body()).isEqualTo("sync Ada");
        }
    }

    @Test
    void errorsAnswer500AndLogTheStack() throws Exception {
        HttpResponse<String> boom = send(get(routes, "/boom"));
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(boom)).isEqualTo(tree("{\"error\": \"FunctionError\", \"message\": \"RangeError: too far\"}"));
        WorkerProcess.awaitLine(routes.stderr, line -> line.equals("RangeError: too far"));
        assertThat(routes.stderr).anyMatch(line -> line.contains("lib/api.js:"))
                .noneMatch(line -> line.contains("skiff_worker.js"));
        assertThat(json(send(get(routes, "/rejected"))).get("message").asText()).isEqualTo("TypeError: no luck");
        assertThat(json(send(get(routes, "/bigint"))).get("message").asText())
                .isEqualTo("TypeError: Do not know how to serialize a BigInt");
        assertThat(json(send(get(routes, "/bad-status"))).get("message").asText())
                .startsWith("TypeError: the response status must be an integer");
        HttpResponse<String> badHeader = send(get(routes, "/bad-header"));
        assertThat(badHeader.statusCode()).isEqualTo(500);
        assertThat(json(badHeader).get("message").asText()).startsWith("TypeError: Invalid character in header content");
        assertThat(send(get(routes, "/number")).body()).isEqualTo("42");
    }

    @Test
    void anErrorThrownOutsideARequestIsLoggedAndTheWorkerServesOn() throws Exception {
        assertThat(send(get(routes, "/later-throw")).body()).isEqualTo("ok");
        WorkerProcess.awaitLine(routes.stderr, line -> line.equals("Error: thrown later"));
        assertThat(send(get(routes, "/number")).body()).isEqualTo("42");
        assertThat(routes.process.isAlive()).isTrue();
    }

    @Test
    void handlerOutputReachesStandardOutput() throws Exception {
        assertThat(send(get(routes, "/print")).body()).isEqualTo("ok");
        WorkerProcess.awaitLine(routes.stdout, "printed by the handler"::equals);
    }

    @Test
    void manyRequestsShareOneKeptAliveConnection() throws Exception {
        try (RawHttp connection = new RawHttp(routes.port)) {
            for (int i = 0; i < 100; i++) {
                RawHttp.Response response = connection.send("GET /number HTTP/1.1\r\nHost: w\r\n\r\n").read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers()).doesNotContainEntry("connection", "close");
                assertThat(response.body()).isEqualTo("42");
            }
            connection.send("GET /text HTTP/1.1\r\nHost: w\r\n\r\nGET /number HTTP/1.1\r\nHost: w\r\n\r\n");
            assertThat(connection.read().body()).isEqualTo("héllo");
            assertThat(connection.read().body()).isEqualTo("42");
        }
    }

    @Test
    void chunkedBodiesHeadAndMalformedRequests() throws Exception {
        try (RawHttp connection = new RawHttp(routes.port)) {
            RawHttp.Response response = connection.send("POST /echo HTTP/1.1\r\nHost: w\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n7\r\n{\"a\": 1\r\n1\r\n}\r\n0\r\n\r\n").read();
            assertThat(Documents.json().readTree(response.body()).get("req")).isEqualTo(tree("{\"a\": 1}"));
            RawHttp.Response head = connection.send("HEAD /text HTTP/1.1\r\nHost: w\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).containsEntry("content-length", "6");
            assertThat(connection.send("GET /number HTTP/1.1\r\nHost: w\r\n\r\n").read().body()).isEqualTo("42");
        }
        try (RawHttp connection = new RawHttp(routes.port)) {
            RawHttp.Response response = connection.send("nonsense\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(Documents.json().readTree(response.body()).get("error").asText()).isEqualTo("MalformedRequest");
            assertThat(connection.closedByPeer()).isTrue();
        }
    }

    @Test
    void sigtermLetsTheInFlightRequestFinishThenExitsZero(@TempDir Path temp) throws Exception {
        RevisionFiles files = code(temp, "slow.js", SLOW);
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
    void alsoServesOnTheUnixSocketItIsGiven_andDrainsBothOnSigterm(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("sockets/http.sock");
        Files.createDirectories(socket.getParent());
        RevisionFiles files = code(temp, "slow.js", SLOW);
        try (WorkerProcess worker = WorkerProcess.start(runtime.command(files, null), files, "slow.handle",
                Map.of("SKIFF_SOCKET", socket.toString())).awaitReady();
             RawHttp slow = RawHttp.unix(socket)) {
            assertThat(socket).as("made before SKIFF-READY").exists();
            try (RawHttp fast = RawHttp.unix(socket)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(fast.send("GET /fast HTTP/1.1\r\nHost: w\r\n\r\n").read().body()).isEqualTo("fast");
                }
            }
            assertThat(send(get(worker, "/fast")).body()).isEqualTo("fast");
            slow.send("GET / HTTP/1.1\r\nHost: w\r\n\r\n");
            WorkerProcess.awaitLine(worker.stdout, "started"::equals);
            worker.process.toHandle().destroy();
            WorkerProcess.awaitLine(worker.stderr, line -> line.startsWith("SKIFF: stopping; finishing 1 in-flight"));
            assertThatThrownBy(() -> new Socket("127.0.0.1", worker.port).close()).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> RawHttp.unix(socket).close()).isInstanceOf(IOException.class);
            Files.createFile(files.codeDir().resolve("release"));
            assertThat(slow.read().body()).isEqualTo("finished");
            assertThat(worker.awaitExit()).isZero();
        }
    }

    @Test
    void aSocketItCannotMakeIsReported_andThePortStillServes(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("no-such-dir/http.sock");
        RevisionFiles files = code(temp, "hello.js", ECHO);
        try (WorkerProcess worker = WorkerProcess.start(runtime.command(files, null), files, "hello.handle",
                Map.of("SKIFF_SOCKET", socket.toString())).awaitReady()) {
            WorkerProcess.awaitLine(worker.stderr, line -> line.startsWith("SKIFF: cannot listen on " + socket));
            assertThat(send(post(worker, "/", "42", null)).statusCode()).isEqualTo(200);
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void endOfStandardInputEndsTheWorker(@TempDir Path temp) throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(runtime, code(temp, "hello.js", ECHO), "hello.handle").awaitReady()) {
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
        HttpResponse<String> response = send(get(routes, path));
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path).contains(contentType);
        assertThat(response.body()).as(path).isEqualTo(body);
    }

    private static HttpRequest post(WorkerProcess worker, String path, String body, String contentType) {
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

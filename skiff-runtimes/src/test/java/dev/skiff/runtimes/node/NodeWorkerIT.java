package dev.skiff.runtimes.node;

import static dev.skiff.testkit.http.TestHttpClient.json;
import static dev.skiff.testkit.http.TestHttpClient.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.http.TestHttpClient;
import dev.skiff.testkit.worker.WorkerHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Node.js bootstrap does, on the real node: the decoded request, the context, Node's own
 * return values and errors. The contract it shares with the other runtimes is NodeContractIT's.
 */
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
              '/shaped': () => ({ statusCode: 201, body: 'x' }),
              '/null': () => null,
              '/boom': () => { throw new RangeError('too far'); },
              '/rejected': () => Promise.reject(new TypeError('no luck')),
              '/bigint': () => 10n,
              '/bad-status': (ctx) => { ctx.status('oops'); return 'never sent'; },
              '/bad-header': (ctx) => { ctx.setHeader('X-Bad', 'a\\nb'); return 'never sent'; },
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

    private NodeRuntime runtime;
    private WorkerHarness echo;
    private WorkerHarness routes;

    @BeforeAll
    void startWorkers(@TempDir Path temp) throws Exception {
        runtime = new NodeRuntime(new RuntimeConfig(temp.resolve("bootstrap"), null, Duration.ofMinutes(1)));
        echo = Workers.start(runtime, Workers.code(temp.resolve("echo"), "hello.js", ECHO), "hello.handle").awaitReady();
        routes = Workers.start(runtime, Workers.code(temp.resolve("routes"), "lib/api.js", ROUTES), "lib/api.handle").awaitReady();
    }

    @AfterAll
    void stopWorkers() {
        echo.close();
        routes.close();
    }

    @Test
    void requestIsTheDecodedBody() throws Exception {
        TestHttpClient http = echo.http();
        assertThat(json(http.post("/", "{\"name\": \"x\"}", "application/json")))
                .isEqualTo(read("{\"type\": \"object\", \"value\": {\"name\": \"x\"}}"));
        assertThat(json(http.post("/", "42", null))).isEqualTo(read("{\"type\": \"number\", \"value\": 42}"));
        assertThat(json(http.post("/", "{oops", "application/json"))).isEqualTo(read("{\"type\": \"string\", \"value\": \"{oops\"}"));
        assertThat(json(http.post("/", "42", "text/plain"))).isEqualTo(read("{\"type\": \"string\", \"value\": \"42\"}"));
        assertThat(json(http.post("/", "42", "application/octet-stream")))
                .isEqualTo(read("{\"type\": \"Buffer\", \"value\": \"3432\"}"));
        HttpRequest notUtf8 = http.request("/").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe}))
                .build();
        assertThat(json(http.send(notUtf8))).isEqualTo(read("{\"type\": \"Buffer\", \"value\": \"fffe\"}"));
    }

    @Test
    void emptyBodyGivesTheQueryParameters() throws Exception {
        assertThat(json(echo.http().get("/?name=y&name=z&e=")))
                .isEqualTo(read("{\"type\": \"object\", \"value\": {\"name\": \"y\", \"e\": \"\"}}"));
    }

    @Test
    void contextCarriesTheRequestAndTheFunction() throws Exception {
        HttpRequest request = routes.http().request("/echo/a%20b?x=1&x=2&y=")
                .header("X-Custom", "v").header("Content-Type", "application/json")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"k\": \"v\"}")).build();
        assertThat(json(routes.http().send(request))).isEqualTo(read("""
                {"method": "PUT", "path": "/echo/a b", "query": {"x": ["1", "2"], "y": [""]}, "header": "v",
                 "body": "{\\"k\\": \\"v\\"}", "req": {"k": "v"}, "functionName": "hello", "revision": "hello-00001",
                 "timeout": 60, "runtime": "nodejs"}"""));
    }

    @Test
    void nodeReturnValuesMapToResponses() throws Exception {
        HttpResponse<String> shaped = routes.http().get("/shaped");
        assertThat(shaped.statusCode()).isEqualTo(200);
        assertThat(shaped.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(shaped.body()).isEqualTo("{\"statusCode\":201,\"body\":\"x\"}");
        HttpResponse<String> none = routes.http().get("/null");
        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void syncHandlersAreCalledToo(@TempDir Path temp) throws Exception {
        try (WorkerHarness sync = Workers.start(runtime, Workers.code(temp, "lib/api.js", ROUTES), "lib/api.sync").awaitReady()) {
            assertThat(sync.http().post("/", "{\"name\": \"Ada\"}", "application/json").body()).isEqualTo("sync Ada");
        }
    }

    @Test
    void errorsAnswer500WithTheirMessage_andTheStackLeavesOutTheBootstrap() throws Exception {
        assertThat(routes.http().get("/boom").statusCode()).isEqualTo(500);
        routes.awaitStderr(line -> line.equals("RangeError: too far"));
        assertThat(routes.stderr()).anyMatch(line -> line.contains("lib/api.js:")).noneMatch(line -> line.contains("skiff_worker.js"));
        assertThat(json(routes.http().get("/rejected")).get("message").asText()).isEqualTo("TypeError: no luck");
        assertThat(json(routes.http().get("/bigint")).get("message").asText())
                .isEqualTo("TypeError: Do not know how to serialize a BigInt");
        assertThat(json(routes.http().get("/bad-status")).get("message").asText())
                .startsWith("TypeError: the response status must be an integer");
        HttpResponse<String> badHeader = routes.http().get("/bad-header");
        assertThat(badHeader.statusCode()).isEqualTo(500);
        assertThat(json(badHeader).get("message").asText()).startsWith("TypeError: Invalid character in header content");
        assertThat(routes.http().get("/null").statusCode()).isEqualTo(204);
    }

    @Test
    void anErrorThrownOutsideARequestIsLoggedAndTheWorkerServesOn() throws Exception {
        assertThat(routes.http().get("/later-throw").body()).isEqualTo("ok");
        routes.awaitStderr(line -> line.equals("Error: thrown later"));
        assertThat(routes.http().get("/null").statusCode()).isEqualTo(204);
        assertThat(routes.process().isAlive()).isTrue();
    }
}

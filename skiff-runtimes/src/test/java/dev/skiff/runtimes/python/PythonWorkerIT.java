package dev.skiff.runtimes.python;

import static dev.skiff.testkit.http.TestHttpClient.json;
import static dev.skiff.testkit.http.TestHttpClient.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.http.RawHttp;
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
 * What only the Python bootstrap does, on /usr/bin/python3: the seed handler's decoded body, the
 * kubeless event and context, Python's own return values and errors. The contract it shares with the
 * other runtimes is PythonContractIT's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonWorkerIT {
    private static final String SEED = """
            def handle(req):
                return {'type': type(req).__name__, 'value': req.hex() if isinstance(req, bytes) else req}
            """;
    private static final String KUBELESS = """
            import asyncio
            import sys

            def handler(event, context):
                path = event['path']
                request = event['extensions']['request']
                response = event['extensions']['response']
                if path.startswith('/echo'):
                    return {
                        'method': event['method'], 'path': path, 'query': event['query'],
                        'header': event['headers']['x-custom'], 'headerAnyCase': request.headers['X-CUSTOM'],
                        'body': request.body.read().decode(), 'data': event['data'], 'eventId': event['event-id'],
                        'eventType': event['event-type'], 'namespace': event['event-namespace'],
                        'function': context['function-name'],
                        'runtimeIsThisPython': context['runtime'] == 'python%d.%d' % sys.version_info[:2],
                        'timeout': context['timeout'], 'memoryLimit': context['memory-limit'],
                    }
                if path.startswith('/bottle'):
                    return {
                        'get': request.get('headers'), 'getDefault': request.get('nothing', 'd'),
                        'method': request.get('REQUEST_METHOD'), 'header': request.get('HTTP_X_CUSTOM'),
                        'contentType': request.get('CONTENT_TYPE'), 'pathInfo': request['PATH_INFO'],
                        'json': request.json, 'bodyTwice': [request.body.read().decode(), request.body.read().decode()],
                        'bodyAsBytes': request.body.decode(),
                        'requestMethod': request.method, 'requestPath': request.path,
                        'queryGet': request.query.get('x'), 'queryItem': request.query['y'],
                        'queryAll': request.query.getall('x'), 'queryMissing': request.query.get('z', 'none'),
                        'queryAttr': request.query.x, 'queryAttrMissing': request.query.z,
                        'headers': request.headers['x-custom'],
                        'event': sorted(k for k in event if k.startswith('event-')) + ['data'] * ('data' in event),
                        'context': sorted(context),
                    }
                routes = {
                    '/tuple-status': lambda: ({'missing': True}, 404),
                    '/pair': lambda: ('a', 'b'),
                    '/boom': lambda: 1 / 0,
                    '/unencodable': lambda: {'s': {1, 2}},
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

    private PythonRuntime runtime;
    private WorkerHarness seed;
    private WorkerHarness kubeless;

    @BeforeAll
    void startWorkers(@TempDir Path temp) throws Exception {
        runtime = new PythonRuntime(new RuntimeConfig(temp.resolve("bootstrap"), "/usr/bin/python3", Duration.ofMinutes(1)));
        seed = Workers.start(runtime, Workers.code(temp.resolve("seed"), "hello.py", SEED), "hello.handle").awaitReady();
        kubeless = Workers.start(runtime, Workers.code(temp.resolve("kubeless"), "handlers.py", KUBELESS), "handlers.handler")
                .awaitReady();
    }

    @AfterAll
    void stopWorkers() {
        seed.close();
        kubeless.close();
    }

    @Test
    void seedHandlerReceivesTheDecodedBody() throws Exception {
        TestHttpClient http = seed.http();
        assertThat(json(http.post("/", "{\"name\": \"x\"}", "application/json")))
                .isEqualTo(read("{\"type\": \"dict\", \"value\": {\"name\": \"x\"}}"));
        assertThat(json(http.post("/", "42", null))).isEqualTo(read("{\"type\": \"int\", \"value\": 42}"));
        assertThat(json(http.post("/", "{oops", "application/json"))).isEqualTo(read("{\"type\": \"str\", \"value\": \"{oops\"}"));
        assertThat(json(http.post("/", "42", "text/plain"))).isEqualTo(read("{\"type\": \"str\", \"value\": \"42\"}"));
        assertThat(json(http.post("/", "42", "application/octet-stream")))
                .isEqualTo(read("{\"type\": \"bytes\", \"value\": \"3432\"}"));
        HttpRequest notUtf8 = http.request("/").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe}))
                .build();
        assertThat(json(http.send(notUtf8))).isEqualTo(read("{\"type\": \"bytes\", \"value\": \"fffe\"}"));
    }

    @Test
    void seedHandlerGetsTheQueryWhenTheBodyIsEmpty() throws Exception {
        assertThat(json(seed.http().get("/?name=y&name=z"))).isEqualTo(read("{\"type\": \"dict\", \"value\": {\"name\": \"y\"}}"));
    }

    @Test
    void kubelessHandlerSeesPathQueryHeadersAndBody() throws Exception {
        HttpRequest request = kubeless.http().request("/echo/a%20b?x=1&x=2&y=")
                .header("X-Custom", "v").header("X-Request-Id", "rid-1").header("Content-Type", "application/json")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"k\": \"v\"}")).build();
        assertThat(json(kubeless.http().send(request))).isEqualTo(read("""
                {"method": "PUT", "path": "/echo/a b", "query": {"x": ["1", "2"], "y": [""]},
                 "header": "v", "headerAnyCase": "v", "body": "{\\"k\\": \\"v\\"}", "data": {"k": "v"},
                 "eventId": "rid-1", "eventType": "application/json", "namespace": "skiff",
                 "function": "hello", "runtimeIsThisPython": true, "timeout": "60", "memoryLimit": ""}"""));
    }

    @Test
    void kubelessRequestBehavesAsBottlesDid() throws Exception {
        HttpRequest request = kubeless.http().request("/bottle?x=1&x=2&y=3")
                .header("X-Custom", "v").header("Content-Type", "application/json")
                .method("POST", HttpRequest.BodyPublishers.ofString("{\"echo\": \"echo echo\"}")).build();
        assertThat(json(kubeless.http().send(request))).isEqualTo(read("""
                {"get": null, "getDefault": "d", "method": "POST", "header": "v",
                 "contentType": "application/json", "pathInfo": "/bottle",
                 "json": {"echo": "echo echo"},
                 "bodyTwice": ["{\\"echo\\": \\"echo echo\\"}", "{\\"echo\\": \\"echo echo\\"}"],
                 "bodyAsBytes": "{\\"echo\\": \\"echo echo\\"}",
                 "requestMethod": "POST", "requestPath": "/bottle",
                 "queryGet": "2", "queryItem": "3", "queryAll": ["1", "2"], "queryMissing": "none",
                 "queryAttr": "2", "queryAttrMissing": "",
                 "headers": "v",
                 "event": ["event-id", "event-namespace", "event-time", "event-type", "data"],
                 "context": ["function-name", "memory-limit", "revision", "runtime", "timeout"]}"""));
    }

    @Test
    void kubelessRequestJson_isNoneForABodyThatIsNotJsonTyped() throws Exception {
        HttpRequest request = kubeless.http().request("/bottle?y=1").header("Content-Type", "text/plain").header("X-Custom", "v")
                .method("POST", HttpRequest.BodyPublishers.ofString("hello")).build();
        assertThat(json(kubeless.http().send(request)).get("json").isNull()).isTrue();
    }

    @Test
    void pythonReturnValuesMapToResponses() throws Exception {
        assertAnswer("/tuple-status", 404, "application/json", "{\"missing\": true}");
        assertAnswer("/pair", 200, "application/json", "[\"a\", \"b\"]");
        assertAnswer("/awaitable", 200, "application/json", "{\"awaited\": true}");
        assertAnswer("/response", 202, "text/plain; charset=utf-8", "accepted");
        assertThat(kubeless.http().get("/response").headers().firstValue("X-Done")).contains("yes");
    }

    @Test
    void handlerErrorsAnswer500_andTheTracebackLeavesOutTheBootstrap() throws Exception {
        assertThat(kubeless.http().get("/boom").statusCode()).isEqualTo(500);
        kubeless.awaitStderr(line -> line.startsWith("ZeroDivisionError: division by zero"));
        assertThat(kubeless.stderr()).anyMatch(line -> line.contains("handlers.py") && line.contains("<lambda>"))
                .noneMatch(line -> line.contains("skiff_worker.py"));
        HttpResponse<String> unencodable = kubeless.http().get("/unencodable");
        assertThat(unencodable.statusCode()).isEqualTo(500);
        assertThat(json(unencodable).get("message").asText()).isEqualTo("TypeError: Object of type set is not JSON serializable");
        HttpResponse<String> badStatus = kubeless.http().get("/bad-status");
        assertThat(badStatus.statusCode()).isEqualTo(500);
        assertThat(json(badStatus).get("message").asText()).startsWith("ValueError: the response status must be an int");
        assertThat(kubeless.http().get("/pair").statusCode()).isEqualTo(200);
    }

    @Test
    void asyncAndArgumentlessHandlersAreCalled(@TempDir Path temp) throws Exception {
        RevisionFiles files = Workers.code(temp, "mod.py", """
                import asyncio

                async def handle(req):
                    await asyncio.sleep(0)
                    return {'async': req}

                def ping():
                    return 'pong'
                """);
        try (WorkerHarness async = Workers.start(runtime, files, "mod.handle").awaitReady();
             WorkerHarness ping = Workers.start(runtime, files, "mod.ping").awaitReady()) {
            assertThat(json(async.http().post("/", "[1]", "application/json"))).isEqualTo(read("{\"async\": [1]}"));
            assertThat(ping.http().get("/").body()).isEqualTo("pong");
        }
    }

    @Test
    void http2RequestLine_answers400AndCloses() throws Exception {
        try (RawHttp connection = new RawHttp(kubeless.port())) {
            RawHttp.Response response = connection.send("GET /x HTTP/2.0\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(read(response.body()).get("error").asText()).isEqualTo("MalformedRequest");
            assertThat(connection.closedByPeer()).isTrue();
        }
    }

    private void assertAnswer(String path, int status, String contentType, String body) throws Exception {
        HttpResponse<String> response = kubeless.http().get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path).contains(contentType);
        assertThat(response.body()).as(path).isEqualTo(body);
    }
}

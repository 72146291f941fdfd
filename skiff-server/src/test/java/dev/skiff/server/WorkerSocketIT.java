package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway reaches Skiff's own workers on a Unix socket in a directory of each worker's own
 * (SKIFF_SOCKET), and an HTTP app that does not listen there on its port.
 */
class WorkerSocketIT {
    private static final String INTRUDER = """
            import os
            def handle(req):
                try:
                    os.unlink(req['path'])
                    return 'removed'
                except OSError as e:
                    return 'refused: ' + e.strerror
            """;
    private static final String SLOW = """
            import time
            def handle(req):
                time.sleep(0.3)
                return 'still here'
            """;
    /** An HTTP app on its port; with {@code --socket}, on {@code $SKIFF_SOCKET} too. It answers which. */
    private static final String APP = """
            import os, socketserver, sys, threading
            from http.server import BaseHTTPRequestHandler, HTTPServer

            BOTH = '--socket' in sys.argv

            class Handler(BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.1'

                def do_GET(self):
                    body = b'both ways' if BOTH else b'port only'
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def log_message(self, *args):
                    pass

            class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
                daemon_threads = True

            if BOTH:
                unix = UnixServer(os.environ['SKIFF_SOCKET'], Handler)
                threading.Thread(target=unix.serve_forever, daemon=True).start()
            HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler).serve_forever()
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void pythonFunction_isReachedOnItsSocket_withNoTcpConnectionToItsPort() {
        server.deploy(TestFunctions.python("over-socket", "def handle(req):\n    return 'hi'\n"));

        for (int i = 0; i < 20; i++) {
            assertThat(server.send("GET", "/function/over-socket", null).body()).isEqualTo("hi");
        }

        // Back-to-back calls at concurrency 1 may have brought a second instance: each is checked.
        for (JsonNode instance : server.instances("over-socket")) {
            Path socket = Path.of(instance.get("socket").asText());
            assertThat(socket).startsWith(server.dataDir().resolve("sockets")).hasFileName("http.sock").exists();
            // Over TCP, the gateway's kept-alive connection to the port would still be open here.
            assertThat(establishedTo(instance.get("port").asInt())).as("TCP connections to the worker's port").isZero();
        }
    }

    @Test
    void nodeFunction_isReachedOnItsSocket() {
        server.deploy(Function.of("node-socket", FunctionSpec.builder().runtime("nodejs").handler("main.handle")
                .source(Source.text("main.js", "exports.handle = () => 'hi from node';\n")).build()));

        assertThat(server.send("GET", "/function/node-socket", null).body()).isEqualTo("hi from node");

        JsonNode instance = firstInstance("node-socket");
        assertThat(Path.of(instance.get("socket").asText())).hasFileName("http.sock").exists();
        assertThat(establishedTo(instance.get("port").asInt())).isZero();
    }

    @Test
    void httpApp_listeningOnItsPortOnly_isReachedThere() {
        server.deploy(TestFunctions.httpApp("port-only", "app.py", APP, List.of("python3", "app.py"), List.of()));

        assertThat(server.send("GET", "/function/port-only/", null).body()).isEqualTo("port only");

        JsonNode instance = firstInstance("port-only");
        assertThat(instance.has("socket")).as(instance.toString()).isFalse();
        assertThat(establishedTo(instance.get("port").asInt())).as("the gateway's kept-alive connection").isPositive();
    }

    @Test
    void httpApp_listeningOnSkiffSocketToo_isReachedOnIt() {
        server.deploy(TestFunctions.httpApp("both-ways", "app.py", APP, List.of("python3", "app.py", "--socket"), List.of()));

        for (int i = 0; i < 5; i++) {
            assertThat(server.send("GET", "/function/both-ways/", null).body()).isEqualTo("both ways");
        }

        JsonNode instance = firstInstance("both-ways");
        assertThat(Path.of(instance.get("socket").asText())).hasFileName("http.sock");
        assertThat(establishedTo(instance.get("port").asInt())).as("TCP connections to the app's port").isZero();
    }

    @Test
    void aFunction_cannotRemoveAnotherWorkersSocket() {
        server.deploy(TestFunctions.python("victim", "def handle(req):\n    return 'victim'\n"));
        server.deploy(TestFunctions.python("intruder", INTRUDER));
        assertThat(server.send("GET", "/function/victim", null).body()).isEqualTo("victim");
        Path socket = Path.of(firstInstance("victim").get("socket").asText());

        String attempt = server.send("POST", "/function/intruder", "{\"path\": \"" + socket + "\"}").body();

        assertThat(attempt).startsWith("refused: ");
        assertThat(socket).exists();
        assertThat(server.send("GET", "/function/victim", null).body()).isEqualTo("victim");
    }

    @Test
    void withWorkerSocketsOff_aFunctionIsReachedOnItsPort(@TempDir Path dataDir) {
        try (TestServer tcpOnly = TestServer.start(ServerConfig.ephemeral(dataDir).withWorkerSockets(false))) {
            tcpOnly.deploy(TestFunctions.python("over-tcp", "def handle(req):\n    return 'tcp'\n"));

            assertThat(tcpOnly.send("GET", "/function/over-tcp", null).body()).isEqualTo("tcp");

            JsonNode instance = tcpOnly.instances("over-tcp").get(0);
            assertThat(instance.has("socket")).as(instance.toString()).isFalse();
            assertThat(establishedTo(instance.get("port").asInt())).as("the gateway's kept-alive connection").isPositive();
            assertThat(dataDir.resolve("sockets")).doesNotExist();
        }
    }

    /* A sandboxed function cannot remove its socket (its directory is the server's once it is ready); anything else that does, must not cut it off. */
    @Test
    void aWorkerWhoseSocketIsGone_isReachedOnItsPort() throws java.io.IOException {
        server.deploy(Function.of("unlinker", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", SLOW)).concurrency(0).scale(ScaleSpec.bounds(1, 1)).build()));
        Path socket = Path.of(firstInstance("unlinker").get("socket").asText());
        assertThat(server.send("GET", "/function/unlinker", null).body()).isEqualTo("still here");
        java.nio.file.Files.delete(socket);

        // Four at once: the gateway has one kept-alive connection, so at least three are new ones.
        List<CompletableFuture<java.net.http.HttpResponse<String>>> calls = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> server.send("GET", "/function/unlinker", null)))
                .toList();

        for (CompletableFuture<java.net.http.HttpResponse<String>> call : calls) {
            java.net.http.HttpResponse<String> response = call.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("still here");
        }
        assertThat(establishedTo(firstInstance("unlinker").get("port").asInt())).isPositive();
    }

    @Test
    void aWorkersSocketDirectory_isRemovedWhenItStops() {
        server.deploy(Function.of("brief", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 'brief'\n"))
                .scale(ScaleSpec.bounds(0, null).withGrace(1).withStableWindow(6)).build()));
        assertThat(server.send("GET", "/function/brief", null).body()).isEqualTo("brief");
        Path directory = Path.of(firstInstance("brief").get("socket").asText()).getParent();
        assertThat(directory).isDirectory();

        await().atMost(Duration.ofSeconds(60)).until(() -> server.instances("brief").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(directory));
    }

    private static JsonNode firstInstance(String function) {
        JsonNode items = server.instances(function);
        assertThat(items).as(items.toString()).isNotEmpty();
        return items.get(0);
    }

    /** Open (ESTABLISHED) TCP connections with {@code port} at one end, from the kernel's tables. */
    private static long establishedTo(int port) {
        String hexPort = String.format(":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                count += Files.readAllLines(Path.of(table)).stream().skip(1)
                        .map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields[3].equals("01"))
                        .filter(fields -> fields[1].endsWith(hexPort) || fields[2].endsWith(hexPort))
                        .count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }
}

package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Broker;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.testkit.server.ServerHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a sandboxed function can reach on the network: nothing of the host's loopback (the
 * management API, other functions' workers) but Skiff's function endpoint ({@code SKIFF_URL}), which
 * invokes functions and takes events and has no management API; and which host socket the server
 * connects to on its behalf: its own, never one it points its socket's path at.
 */
class SandboxNetworkIT {
    private static final String PROBER = "prober";
    /** Fresh, so that its worker listens on its port, as a pooled one does not: the port is forwarded from the host's loopback. */
    private static final String OTHER = "other-fresh";

    @RegisterExtension
    static final SandboxServer server = new SandboxServer();

    @BeforeAll
    static void deploy() {
        assertThat(server.send("POST", "/api/v1/brokers", ServerHarness.json(Broker.of("default"))).statusCode()).isEqualTo(201);
        for (InstanceKind kind : InstanceKind.values()) {
            server.deploy(PROBER, Hostile.spec(), kind);
        }
        server.deploy("other", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 'from other'\n")), InstanceKind.FRESH);
    }

    private static JsonNode probe(InstanceKind kind, String probe, Object... args) {
        return Hostile.probe(server, PROBER + kind.suffix(), probe, args);
    }

    private static String outcome(InstanceKind kind, String probe, Object... args) {
        return probe(kind, probe, args).get("outcome").asText();
    }

    /** An HTTP request from the pooled prober to a URL of its environment: SKIFF_URL, K_SINK. */
    private static JsonNode http(Object... args) {
        return probe(InstanceKind.POOLED, "http", args);
    }

    private static int workerPort(String function) {
        return server.instances(function).get(0).get("port").asInt();
    }

    /*
     * The rule that matters most. Before the sandbox a function shared the host's network: this
     * connection was accepted, and through it the management API answered it as it answers an
     * operator: list, deploy, delete any function, read any volume.
     */
    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void managementPort_isRefused(InstanceKind kind) {
        assertThat(outcome(kind, "connect", "host", "127.0.0.1", "port", server.port())).isEqualTo("ECONNREFUSED");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void otherFunctionsWorkerPort_isRefused(InstanceKind kind) throws IOException {
        int port = workerPort(OTHER);
        try (Socket fromTheHost = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(fromTheHost.isConnected()).as("the server reaches it on the host's loopback").isTrue();
        }

        assertThat(outcome(kind, "connect", "host", "127.0.0.1", "port", port)).isEqualTo("ECONNREFUSED");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void procNetTcp_listsOnlyItsOwnPortAndTheFunctionEndpoint(InstanceKind kind) {
        JsonNode listening = probe(kind, "listening");
        List<Integer> ports = new ArrayList<>();
        listening.get("ports").forEach(port -> ports.add(port.asInt()));

        assertThat(ports).isSubsetOf(listening.get("own").asInt(), listening.get("endpoint").asInt())
                .doesNotContain(server.port(), workerPort(OTHER));
    }

    @Test
    void functionEndpoint_invokesAnotherFunction() {
        JsonNode answer = http("base", "SKIFF_URL", "path", "/function/" + OTHER, "method", "POST", "body", "{}",
                "headers", Map.of("Content-Type", "application/json"));

        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.get("body").asText()).isEqualTo("from other");
    }

    @Test
    void functionEndpoint_takesAnEventForTheBroker() {
        JsonNode answer = http("base", "K_SINK", "method", "POST", "body", "{\"hello\": \"world\"}",
                "headers", Map.of("Content-Type", "application/json", "Ce-Id", "sandbox-1", "Ce-Source", "sandbox-it",
                        "Ce-Type", "dev.skiff.test", "Ce-Specversion", "1.0"));

        assertThat(answer.get("status").asInt()).as(answer.toString()).isIn(200, 202);
    }

    /* Before the sandbox SKIFF_URL was the management API's address: this listing answered 200. */
    @Test
    void functionEndpoint_hasNoManagementApi_listingFunctionsIs404() {
        JsonNode answer = http("base", "SKIFF_URL", "path", "/api/v1/functions");

        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.get("body").asText()).doesNotContain(PROBER, OTHER);
    }

    @Test
    void functionEndpoint_refusesADeploy() {
        JsonNode answer = http("base", "SKIFF_URL", "path", "/api/v1/functions", "method", "POST",
                "body", ServerHarness.json(Hostile.function("planted")), "headers", Map.of("Content-Type", "application/json"));

        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(404);
        assertThat(server.send("GET", "/api/v1/functions/planted", null).statusCode()).isEqualTo(404);
    }

    /*
     * A worker's socket directory used to stay the function's: it could replace its socket
     * (http.sock) by a link to any Unix socket of the host (a container engine's, the init system's),
     * which the server, root, would connect through (asking SO_PEERCRED who answered kept it from
     * sending a byte), and keep files there, on the data directory's disk. Once the worker is ready,
     * the directory is the server's: the worker keeps accepting on the socket it bound, and can do
     * nothing else there.
     */
    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void ownSocketDirectory_isTheServersOnceReady_noLinkInPlaceOfTheSocket_noFiles(InstanceKind kind,
                                                                                    @TempDir Path hostDir) throws IOException {
        String function = PROBER + kind.suffix();
        Path socket = Path.of(server.instances(function).get(0).get("socket").asText());
        try (HostSocket host = HostSocket.listen(hostDir.resolve("root-only.sock"), "answered by a root-only host socket")) {
            assertThat(outcome(kind, "swap_socket", "target", host.path().toString())).isEqualTo("EACCES");
            assertThat(outcome(kind, "write", "path", socket.resolveSibling("filler").toString())).isEqualTo("EACCES");

            assertThat(Files.isDirectory(socket.getParent())).isTrue();
            assertThat(Files.getAttribute(socket.getParent(), "unix:uid")).isEqualTo(0);
            try (var entries = Files.list(socket.getParent())) {
                assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactly("http.sock");
            }
            HttpResponse<String> answer = server.send("POST", "/function/" + function, "{\"probe\": \"hostname\"}");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(host.requests()).isEmpty();
        }
    }

    /*
     * Were a worker's socket replaced by a link to a host socket anyway (a function can no longer
     * do it), the server, root, would connect through the link: it asks the peer who it is
     * (SO_PEERCRED) before sending a byte, hangs up on anyone but the sandbox's user, and reaches the
     * worker on its port instead. Four calls at once make the gateway open new connections.
     */
    @Test
    void aLinkInPlaceOfAWorkersSocket_isNotSentAByte_theWorkerIsReachedOnItsPort(@TempDir Path hostDir) throws IOException {
        server.deploy("linked", FunctionSpec.builder().runtime("python3").handler("main.handle").concurrency(0)
                .source(Source.text("main.py", "import time\ndef handle(req):\n    time.sleep(0.2)\n    return 'worker'\n")),
                InstanceKind.POOLED);
        Path socket = Path.of(server.instances("linked-pooled").get(0).get("socket").asText());
        try (HostSocket host = HostSocket.listen(hostDir.resolve("root-only.sock"), "answered by a root-only host socket")) {
            Files.delete(socket);
            Files.createSymbolicLink(socket, host.path());

            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> server.send("POST", "/function/linked-pooled", "{}")))
                    .toList();

            for (java.util.concurrent.CompletableFuture<HttpResponse<String>> call : calls) {
                assertThat(call.join().body()).isEqualTo("worker");
            }
            assertThat(host.requests()).as("the server connected through the link, and sent the host's socket nothing")
                    .isNotEmpty().allMatch(String::isEmpty);
        }
    }
}

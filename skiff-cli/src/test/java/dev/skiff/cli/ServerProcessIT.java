package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a process: SIGTERM drains in-flight requests; after SIGKILL no worker is left behind. */
class ServerProcessIT {
    private static final String SLOW = """
            import time
            def handle(req):
                time.sleep(req.get('sleep', 0))
                return 'done'
            """;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private long deploySlowAndFindWorker(SkiffProcess.Server server) throws Exception {
        Path source = Files.writeString(temp.resolve("slow.py"), SLOW);
        SkiffProcess.Result deployed = SkiffProcess.run(server.url(), "deploy", "slow", "--runtime", "python3",
                "--handler", "slow.handle", "--from-file", source.toString());
        assertThat(deployed.status()).as(deployed.err()).isZero();
        HttpResponse<String> instances = http.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/functions/slow/instances"))
                .header("Authorization", "Bearer " + server.token()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode items = Documents.json().readTree(instances.body()).get("items");
        assertThat(items).hasSize(1);
        return items.get(0).get("pid").asLong();
    }

    @Test
    void sigterm_finishesInFlightRequestsThenStopsEveryWorker() throws Exception {
        try (SkiffProcess.Server server = SkiffProcess.startServer(temp.resolve("data"), Map.of())) {
            long worker = deploySlowAndFindWorker(server);
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(server.url() + "/function/slow"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"sleep\": 2}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlightRequests(server) == 1);

            server.process().toHandle().destroy();

            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("done");
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void sigkill_leavesNoOrphanWorker() throws Exception {
        try (SkiffProcess.Server server = SkiffProcess.startServer(temp.resolve("data"), Map.of())) {
            long worker = deploySlowAndFindWorker(server);
            assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive)).hasValue(true);

            server.process().destroyForcibly();

            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(worker).map(p -> !p.isAlive()).orElse(true));
        }
    }

    @Test
    void sigkill_leavesNoPooledWorker() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(ServerConfig.outsideTmp(Path.of("target"))), "pool-data");
        try (SkiffProcess.Server server = SkiffProcess.startServer(dataDir, Map.of())) {
            String bootstraps = dataDir.resolve("runtimes").toString();
            await().atMost(Duration.ofSeconds(60)).until(() -> pooledWorkers(server, bootstraps).size() >= 4);
            List<ProcessHandle> pooled = pooledWorkers(server, bootstraps);

            server.process().destroyForcibly();

            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> pooled.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The server's descendants running a bootstrap from {@code bootstraps}: with no function deployed, the pool's. */
    private static List<ProcessHandle> pooledWorkers(SkiffProcess.Server server, String bootstraps) {
        return server.process().toHandle().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains(bootstraps))
                .toList();
    }

    private int inFlightRequests(SkiffProcess.Server server) throws Exception {
        HttpResponse<String> instances = http.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/functions/slow/instances"))
                .header("Authorization", "Bearer " + server.token()).build(), HttpResponse.BodyHandlers.ofString());
        return Documents.json().readTree(instances.body()).at("/items/0/inFlight").asInt();
    }
}

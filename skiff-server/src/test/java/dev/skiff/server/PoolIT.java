package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import dev.skiff.server.serving.PoolStats;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pre-warmed pool through the real server: a scaled-to-zero function wakes on a generic worker,
 * which sees what a fresh one sees; the pool refills, and stopping the server leaves no process.
 * The data directory is under target/ (or /var/tmp when the clone is under /tmp), never /tmp: a sandboxed
 * generic worker sees /tmp empty.
 */
class PoolIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int SIZE = 2;
    private static final String PYTHON_VIEW = """
            import os, sys
            def handle(req):
                return {'env': dict(os.environ), 'path': sys.path, 'cwd': os.getcwd(),
                        'tmp': sorted(os.listdir('/tmp')), 'code': sorted(os.listdir('.')),
                        'writable': os.access('.', os.W_OK), 'uid': os.getuid()}
            """;
    private static final String NODE_VIEW = """
            const fs = require('fs');
            exports.handle = () => ({ env: process.env, cwd: process.cwd(), tmp: fs.readdirSync('/tmp').sort(),
                                      code: fs.readdirSync('.').sort(), paths: require('module').globalPaths });
            """;

    private Path dataDir;

    @BeforeEach
    void makeDataDir() throws IOException {
        dataDir = Files.createTempDirectory(Files.createDirectories(ServerConfig.outsideTmp(Path.of("target"))), "pool-it");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void scaledToZeroFunction_wakesOnAPooledWorker_andAnswers() {
        try (TestServer server = TestServer.start(config(SIZE))) {
            server.deploy(scaled("wake", "def handle(req):\n    return 'hi ' + req['name']\n"));
            awaitZeroInstances(server, "wake");
            awaitFull(server, "python3");
            long taken = stats(server, "python3").taken();

            String answer = server.send("POST", "/function/wake", "{\"name\": \"Ada\"}").body();

            assertThat(answer).isEqualTo("hi Ada");
            // At least one: a tick seeing the woken request in flight may want a second instance (1 / 0.7).
            assertThat(stats(server, "python3").taken()).isGreaterThan(taken);
        }
    }

    @Test
    void takenWorkers_areReplaced_untilThePoolIsFull() {
        try (TestServer server = TestServer.start(config(SIZE))) {
            awaitFull(server, "python3");
            long started = stats(server, "python3").started();

            server.deploy(TestFunctions.python("refill", "def handle(req):\n    return 1\n"));

            assertThat(server.instances("refill").get(0).get("pooled").asBoolean()).isTrue();
            awaitFull(server, "python3");
            assertThat(stats(server, "python3").started()).isEqualTo(started + 1);
        }
    }

    @Test
    void waitingWorkerThatDies_isReplaced() {
        try (TestServer server = TestServer.start(config(SIZE))) {
            awaitFull(server, "nodejs");
            long started = stats(server, "nodejs").started();
            ProcessHandle victim = genericWorkers(dataDir, "skiff_worker.js").get(0);

            victim.destroyForcibly();

            await().atMost(PATIENCE).until(() -> stats(server, "nodejs").started() == started + 1
                    && stats(server, "nodejs").waiting() == SIZE);
        }
    }

    @Test
    void pooledPythonInstance_seesTheSameEnvironmentPathsAndFilesAsAFreshOne() throws IOException {
        Function function = function("view", "python3", "main.handle", Source.text("main.py", PYTHON_VIEW), Map.of("GREETING", "Ahoy"));

        JsonNode fresh = viewOf(function, 0);
        JsonNode pooled = viewOf(function, SIZE);

        assertThat(pooled).isEqualTo(fresh);
        assertThat(pooled.at("/env/GREETING").asText()).isEqualTo("Ahoy");
        assertThat(pooled.at("/env/SKIFF_POOLED").isMissingNode()).isTrue();
        assertThat(pooled.at("/cwd").asText()).isEqualTo("DATA/functions/view/view-00001/code");
    }

    @Test
    void pooledNodeInstance_seesTheSameEnvironmentPathsAndFilesAsAFreshOne() throws IOException {
        Function function = function("nview", "nodejs", "main.handle", Source.text("main.js", NODE_VIEW), Map.of("NODE_ENV", "production"));

        JsonNode fresh = viewOf(function, 0);
        JsonNode pooled = viewOf(function, SIZE);

        assertThat(pooled).isEqualTo(fresh);
        assertThat(pooled.at("/env/NODE_ENV").asText()).isEqualTo("production");
        assertThat(pooled.at("/paths/0").asText()).isEqualTo("DATA/functions/nview/nview-00001/deps/node_modules");
    }

    @Test
    void functionsAGenericWorkerCannotBecome_startAfresh() {
        try (TestServer server = TestServer.start(config(SIZE))) {
            awaitFull(server, "python3");
            assertThat(server.send("POST", "/api/v1/volumes", "{\"name\": \"pool-data\"}").statusCode()).isEqualTo(201);

            server.deploy(Function.of("startvar", FunctionSpec.builder().runtime("python3").handler("main.handle")
                    .source(Source.text("main.py", "import sys\ndef handle(req):\n    return sys.flags.optimize\n"))
                    .env(Map.of("PYTHONOPTIMIZE", "1")).build()));
            server.deploy(Function.of("mounted", FunctionSpec.builder().runtime("python3").handler("main.handle")
                    .source(Source.text("main.py", "def handle(req):\n    return 'mounted'\n"))
                    .volumes(List.of(new VolumeMount("pool-data", "/data", false))).build()));

            assertThat(server.instances("startvar").get(0).get("pooled").asBoolean()).isFalse();
            assertThat(server.send("POST", "/function/startvar", "").body()).isEqualTo("1");
            assertThat(server.instances("mounted").get(0).get("pooled").asBoolean()).isFalse();
            assertThat(stats(server, "python3").taken()).isZero();
        }
    }

    @Test
    void loadErrorOnAPooledWorker_failsTheDeployWithTheWorkersMessage() {
        try (TestServer server = TestServer.start(config(SIZE))) {
            awaitFull(server, "python3");

            HttpResponse<String> refused = server.send("POST", "/api/v1/functions", TestServer.json(
                    TestFunctions.python("broken", "def handle(req)\n    return 1\n")));

            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("SyntaxError").contains("main.py, line 1");
            assertThat(stats(server, "python3").taken()).isEqualTo(1);
        }
    }

    @Test
    void pooledWorkerExitingWithoutALoadError_isRetriedAfresh_andTheFreshFailureIsTheAnswer() {
        try (TestServer server = TestServer.start(config(SIZE))) {
            server.deploy(TestFunctions.python("crash", "def handle(req):\n    return 'first'\n"));
            awaitFull(server, "python3");
            long taken = stats(server, "python3").taken();

            HttpResponse<String> refused = server.send("PUT", "/api/v1/functions/crash", TestServer.json(TestFunctions.python("crash",
                    "import os\nprint('importing crash', flush=True)\nos._exit(7)\n")));

            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("status 7");
            assertThat(stats(server, "python3").taken()).isEqualTo(taken + 1);
            String log = server.send("GET", "/api/v1/functions/crash/logs?tail=50", null).body();
            assertThat(log.lines().filter(line -> line.contains("importing crash"))).hasSize(2);
            assertThat(server.send("POST", "/function/crash", "").body()).isEqualTo("first");
        }
    }

    @Test
    void pooledInstance_finishesItsInFlightRequest_whenTheServerStops() throws Exception {
        TestServer server = TestServer.start(config(SIZE));
        CompletableFuture<HttpResponse<String>> inFlight;
        try {
            awaitFull(server, "python3");
            server.deploy(TestFunctions.python("slow", "import time\ndef handle(req):\n    time.sleep(2)\n    return 'done'\n"));
            assertThat(server.instances("slow").get(0).get("pooled").asBoolean()).isTrue();
            inFlight = new CompletableFuture<>();
            CompletableFuture<HttpResponse<String>> answer = inFlight;
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    answer.complete(server.send("POST", "/function/slow", ""));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            // Summed: the autoscaler may start a second instance (1 in flight at 70 % of a target of 1 wants 2).
            await().atMost(PATIENCE).until(() -> answer.isDone() || inFlight(server, "slow") == 1);
            assertThat(answer).as("answered before the server was stopped").isNotDone();
        } finally {
            server.close();
        }

        assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(inFlight.get().body()).isEqualTo("done");
    }

    @Test
    void close_leavesNoPooledOrServingProcess() {
        List<ProcessHandle> workers;
        try (TestServer server = TestServer.start(config(SIZE))) {
            awaitFull(server, "python3");
            awaitFull(server, "nodejs");
            server.deploy(TestFunctions.python("kept", "def handle(req):\n    return 1\n"));
            awaitFull(server, "python3");
            workers = Stream.concat(genericWorkers(dataDir, "skiff_worker.py").stream(),
                    genericWorkers(dataDir, "skiff_worker.js").stream()).toList();
            assertThat(workers).hasSizeGreaterThanOrEqualTo(2 * SIZE + 1);
        }

        await().atMost(PATIENCE).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
    }

    private ServerConfig config(int poolSize) {
        return ServerConfig.ephemeral(dataDir).withPoolSize(poolSize);
    }

    private static Function function(String name, String runtime, String handler, Source source, Map<String, String> env) {
        return Function.of(name, FunctionSpec.builder().runtime(runtime).handler(handler).source(source).env(env).build());
    }

    /** A python3 function scaling to zero after one idle second. */
    private static Function scaled(String name, String source) {
        return Function.of(name, FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", source)).scale(ScaleSpec.bounds(0, null).withGrace(1)).build());
    }

    /**
     * What {@code function} sees, deployed on a new server with {@code poolSize} in its own data
     * directory (written DATA in the answer, the server's URL SERVER) while its pool is full; its
     * port and socket, which differ from one worker to the next, left out.
     */
    private JsonNode viewOf(Function function, int poolSize) throws IOException {
        Path own = Files.createDirectories(dataDir.resolve("pool-" + poolSize));
        try (TestServer server = TestServer.start(ServerConfig.ephemeral(own).withPoolSize(poolSize))) {
            if (poolSize > 0) {
                awaitFull(server, function.spec().runtime());
            }
            server.deploy(function);
            assertThat(server.instances(function.metadata().name()).get(0).get("pooled").asBoolean()).isEqualTo(poolSize > 0);
            String body = server.send("POST", "/function/" + function.metadata().name(), "").body();
            // Fresh or pooled, the worker listens on the socket it was given, and the gateway knows it
            // (an autoscaler tick that saw the request in flight may have started a second instance).
            List<String> sockets = new java.util.ArrayList<>();
            server.instances(function.metadata().name()).forEach(instance -> sockets.add(instance.path("socket").asText()));
            assertThat(TestServer.read(body).at("/env/SKIFF_SOCKET").asText()).endsWith("/http.sock").isIn(sockets);
            JsonNode view = TestServer.read(body.replace(own.toString(), "DATA").replace(server.url(""), "SERVER")
                    .replace(server.server().functionsUrl(), "ENDPOINT")
                    // Each server draws its own sink keys (K_SINK).
                    .replaceAll("/sink/([a-z0-9-]+)/[A-Za-z0-9_-]{43}/", "/sink/$1/KEY/"));
            ((ObjectNode) view.get("env")).remove(List.of("PORT", "SKIFF_SOCKET"));
            return view;
        }
    }

    private static int inFlight(TestServer server, String name) {
        int total = 0;
        for (JsonNode instance : server.instances(name)) {
            total += instance.get("inFlight").asInt();
        }
        return total;
    }

    private static void awaitZeroInstances(TestServer server, String name) {
        await().atMost(PATIENCE).until(() -> server.instances(name).isEmpty());
    }

    private static void awaitFull(TestServer server, String pool) {
        await().atMost(PATIENCE).until(() -> stats(server, pool).waiting() == SIZE);
    }

    private static PoolStats stats(TestServer server, String pool) {
        return server.server().pools().stream().filter(stats -> stats.pool().equals(pool)).findFirst().orElseThrow();
    }

    /** This JVM's descendants running a bootstrap of {@code dataDir} (with bubblewrap, bwrap and the worker under it). */
    private static List<ProcessHandle> genericWorkers(Path dataDir, String bootstrap) {
        String script = dataDir.resolve("runtimes").toString();
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains(script))
                .filter(process -> process.info().commandLine().orElse("").contains(bootstrap))
                .toList();
    }

}

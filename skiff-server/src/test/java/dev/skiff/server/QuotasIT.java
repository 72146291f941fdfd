package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.ScaleSpec;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A namespace's quotas of instances ({@code maxInstances}) and of their memory ({@code maxMemory})
 * through the real server: autoscalers stop at them and say so, deploys and cold starts past them
 * get 429 naming the quota and leave nothing behind, and concurrent starts never pass them.
 */
class QuotasIT {
    private static final String HELLO = "import os\ndef handle(req):\n    return str(os.getpid())\n";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static void createNamespace(String name, String spec) {
        HttpResponse<String> made = server.send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"" + name
                + "\"}, \"spec\": " + spec + "}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    }

    /** A function answering its process id, held to {@code memory}, scaled by {@code scale}. */
    private static Function function(String name, String memory, ScaleSpec scale) {
        Function function = TestFunctions.python(name, HELLO);
        return function.withSpec(function.spec().toBuilder().scale(scale)
                .resources(new ResourceRequirements(null, Map.of("memory", memory))).build());
    }

    private static HttpResponse<String> deploy(String namespace, Function function) {
        return server.send("POST", "/api/v1/namespaces/" + namespace + "/functions", TestServer.json(function));
    }

    private static List<HttpResponse<String>> deployAtOnce(String namespace, List<Function> functions) {
        List<CompletableFuture<HttpResponse<String>>> deploys = functions.stream()
                .map(f -> CompletableFuture.supplyAsync(() -> deploy(namespace, f))).toList();
        return deploys.stream().map(CompletableFuture::join).toList();
    }

    private static JsonNode namespace(String name) {
        return TestServer.read(server.send("GET", "/api/v1/namespaces/" + name, null).body());
    }

    private static int instances(String namespace, String function) {
        HttpResponse<String> answer = server.send("GET", "/api/v1/namespaces/" + namespace + "/functions/" + function
                + "/instances", null);
        return answer.statusCode() == 200 ? TestServer.read(answer.body()).get("items").size() : 0;
    }

    private static JsonNode revision(String namespace, String function) {
        return TestServer.read(server.send("GET", "/api/v1/namespaces/" + namespace + "/functions/" + function
                + "/revisions", null).body()).get("items").get(0);
    }

    private static List<String> functionDirs(String namespace) throws IOException {
        try (Stream<java.nio.file.Path> dirs = Files.list(server.dataDir().resolve("functions"))) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.endsWith("." + namespace)).sorted().toList();
        }
    }

    private static void assertQuotaExceeded(HttpResponse<String> answer, String... named) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
        assertThat(TestServer.read(answer.body()).get("error").asText()).isEqualTo("QuotaExceeded");
        assertThat(answer.body()).contains(named);
    }

    @Test
    void anAutoscalerAtMaxInstances_stopsThere_andDescribeAndTheMetricSaySo() {
        createNamespace("capped", "{\"maxInstances\": 1}");
        HttpResponse<String> made = deploy("capped", function("wide", "128Mi", ScaleSpec.bounds(2, 0)));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> revision("capped", "wide").at("/status/capped").isTextual());

        JsonNode status = revision("capped", "wide").get("status");
        assertThat(status.get("capped").asText()).contains("namespace capped").contains("maxInstances 1").contains("runs 1");
        assertThat(status.get("desired").asInt()).isEqualTo(2);
        assertThat(status.get("ready").asInt() + status.get("starting").asInt()).isEqualTo(1);
        assertThat(instances("capped", "wide")).isEqualTo(1);
        JsonNode usage = namespace("capped");
        assertThat(usage.at("/status/instances").asInt()).isEqualTo(1);
        assertThat(usage.at("/status/memory").asText()).isEqualTo("128Mi");
        assertThat(usage.at("/spec/maxInstances").asInt()).isEqualTo(1);
        assertThat(server.send("GET", "/metrics", null).body())
                .contains("skiff_quota_capped{function=\"wide.capped\",revision=\"wide-00001.capped\"} 1\n");
        assertThat(server.send("POST", "/function/wide.capped", "{}").statusCode()).as("the one instance serves").isEqualTo(200);

        HttpResponse<String> raised = server.send("PUT", "/api/v1/namespaces/capped", "{\"spec\": {\"maxInstances\": 2}}");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> instances("capped", "wide") == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> revision("capped", "wide").at("/status/capped").isNull());
        assertThat(server.send("GET", "/metrics", null).body())
                .contains("skiff_quota_capped{function=\"wide.capped\",revision=\"wide-00001.capped\"} 0\n");
    }

    @Test
    void deploysAtOnce_pastMaxInstances_get429_andTheRefusedLeaveNothing() throws IOException {
        createNamespace("full", "{\"maxInstances\": 2}");
        List<Function> functions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            functions.add(function("f" + i, "128Mi", ScaleSpec.bounds(1, 0)));
        }

        List<HttpResponse<String>> answers = deployAtOnce("full", functions);

        assertThat(answers).filteredOn(a -> a.statusCode() == 201).hasSize(2);
        answers.stream().filter(a -> a.statusCode() != 201)
                .forEach(a -> assertQuotaExceeded(a, "namespace full", "maxInstances 2", "runs 2"));
        List<String> listed = new ArrayList<>();
        TestServer.read(server.send("GET", "/api/v1/namespaces/full/functions", null).body()).get("items")
                .forEach(item -> listed.add(item.at("/metadata/name").asText()));
        assertThat(listed).hasSize(2);
        assertThat(functionDirs("full")).hasSize(2);
        assertThat(namespace("full").at("/status/functions").asInt()).isEqualTo(2);
        assertThat(namespace("full").at("/status/instances").asInt()).isEqualTo(2);
        String database = TestServer.databaseText(server.dataDir());
        for (int i = 0; i < 4; i++) {
            String name = "f" + i;
            boolean kept = listed.contains(name);
            assertThat(server.send("GET", "/api/v1/namespaces/full/functions/" + name, null).statusCode())
                    .isEqualTo(kept ? 200 : 404);
            assertThat(database.contains(name + "-00001.full")).as("%s's revision row", name).isEqualTo(kept);
        }

        String kept = listed.getFirst();
        HttpResponse<String> update = server.send("PUT", "/api/v1/namespaces/full/functions/" + kept,
                TestServer.json(function(kept, "256Mi", ScaleSpec.bounds(1, 0))));
        assertQuotaExceeded(update, "maxInstances 2");
        assertThat(TestServer.read(server.send("GET", "/api/v1/namespaces/full/functions/" + kept + "/revisions", null).body())
                .get("items")).as("the refused update made no revision").hasSize(1);
        assertThat(Files.exists(server.dataDir().resolve("functions/" + kept + ".full/" + kept + "-00002.full"))).isFalse();
        assertThat(server.send("POST", "/function/" + kept + ".full", "{}").statusCode()).as("the old one serves").isEqualTo(200);
    }

    @Test
    void deploysAtOnce_pastMaxMemory_get429NamingIt_countingEachInstancesLimit() throws IOException {
        createNamespace("mem", "{\"maxMemory\": \"1Gi\"}");
        assertThat(namespace("mem").at("/spec/maxMemory").asText()).isEqualTo("1Gi");

        List<HttpResponse<String>> answers = deployAtOnce("mem", List.of(function("m0", "512Mi", ScaleSpec.bounds(1, 0)),
                function("m1", "512Mi", ScaleSpec.bounds(1, 0)), function("m2", "512Mi", ScaleSpec.bounds(1, 0))));

        assertThat(answers).filteredOn(a -> a.statusCode() == 201).hasSize(2);
        answers.stream().filter(a -> a.statusCode() != 201)
                .forEach(a -> assertQuotaExceeded(a, "namespace mem", "maxMemory 1Gi", "hold 1Gi", "one more of 512Mi"));
        assertThat(namespace("mem").at("/status/memory").asText()).isEqualTo("1Gi");
        assertThat(functionDirs("mem")).hasSize(2);

        HttpResponse<String> raised = server.send("PUT", "/api/v1/namespaces/mem", "{\"spec\": {\"maxMemory\": 2147483648}}");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
        assertThat(TestServer.read(raised.body()).at("/spec/maxMemory").asText()).isEqualTo("2Gi");
        HttpResponse<String> tooBig = deploy("mem", function("m3", "1536Mi", ScaleSpec.bounds(1, 0)));
        assertQuotaExceeded(tooBig, "maxMemory 2Gi", "hold 1Gi", "one more of 1536Mi");
        assertThat(deploy("mem", function("m4", "1Gi", ScaleSpec.bounds(1, 0))).statusCode()).as("at the quota").isEqualTo(201);
        assertThat(server.send("PUT", "/api/v1/namespaces/mem", "{\"spec\": {\"maxMemory\": \"lots\"}}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void coldStartsAtOnceIntoTwoFunctions_neverRunTwoInstances_andTheRefusedGet429() throws Exception {
        createNamespace("single", "{}");
        ScaleSpec quick = ScaleSpec.bounds(0, 0).withGrace(1).withStableWindow(6);
        for (String name : List.of("a", "b")) {
            HttpResponse<String> made = deploy("single", function(name, "128Mi", quick));
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        }
        HttpResponse<String> limited = server.send("PUT", "/api/v1/namespaces/single", "{\"spec\": {\"maxInstances\": 1}}");
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(200);
        // Until the last of them has exited: one being stopped is out of the instances list but still holds its room.
        await().atMost(Duration.ofSeconds(60)).until(() -> namespace("single").at("/status/instances").asInt() == 0);

        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger most = new AtomicInteger();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (watching.get()) {
                most.accumulateAndGet(instances("single", "a") + instances("single", "b"), Math::max);
                most.accumulateAndGet(namespace("single").at("/status/instances").asInt(), Math::max);
                LockSupport.parkNanos(5_000_000);
            }
        });
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String target = i % 2 == 0 ? "a" : "b";
            calls.add(server.anonymous().sendAsync(server.anonymous().request("POST", "/function/" + target + ".single", "{}", null)));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();
        watching.set(false);
        watcher.join();

        assertThat(answers).extracting(HttpResponse::statusCode).allMatch(code -> code == 200 || code == 429);
        assertThat(answers).filteredOn(a -> a.statusCode() == 200).isNotEmpty();
        assertThat(answers).filteredOn(a -> a.statusCode() == 429).isNotEmpty()
                .allSatisfy(a -> assertQuotaExceeded(a, "has no instance", "maxInstances 1", "runs 1"));
        assertThat(answers).filteredOn(a -> a.statusCode() == 429)
                .allSatisfy(a -> assertThat(a.headers().firstValue("Retry-After")).hasValue("1"));
        assertThat(most.get()).as("instances of the namespace at once").isLessThanOrEqualTo(1);
        assertThat(namespace("single").at("/status/instances").asInt()).isLessThanOrEqualTo(1);
    }
}

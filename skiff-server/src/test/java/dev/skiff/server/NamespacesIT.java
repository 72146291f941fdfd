package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.VolumeMount;
import dev.skiff.testkit.http.TestHttpClient;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several teams on one server: the same function name in three namespaces, each at its own URL;
 * tokens that reach their namespaces only; a function quota that holds under concurrent deploys;
 * a namespace deleted only when empty, or with everything in it when forced.
 */
class NamespacesIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static String developerA;
    private static String invokerA;

    @BeforeAll
    static void namespaces() throws IOException, InterruptedException {
        assertThat(createNamespace("team-a", 3).statusCode()).isEqualTo(201);
        assertThat(createNamespace("team-b", null).statusCode()).isEqualTo(201);
        developerA = token("dev-a", "developer", "team-a");
        invokerA = token("inv-a", "invoker", "team-a");
        for (String namespace : List.of("default", "team-a", "team-b")) {
            HttpResponse<String> made = deploy(server.http(), namespace, hello(namespace, null));
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        }
    }

    private static HttpResponse<String> createNamespace(String name, Integer maxFunctions) throws IOException, InterruptedException {
        return server.http().send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {"
                + (maxFunctions == null ? "" : "\"maxFunctions\": " + maxFunctions) + "}}", "application/json");
    }

    private static String token(String name, String role, String namespace) throws IOException, InterruptedException {
        HttpResponse<String> made = server.http().send("POST", "/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \""
                + role + "\", \"namespaces\": [\"" + namespace + "\"]}", "application/json");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return TestHttpClient.json(made).get("token").asText();
    }

    private static Function hello(String says, String auth) {
        Function function = TestFunctions.python("hello", "def handle(req):\n    return '" + says + "'\n");
        return Function.of("hello", function.spec().toBuilder().auth(auth).build());
    }

    private static String functions(String namespace) {
        return namespace.equals("default") ? "/api/v1/functions" : "/api/v1/namespaces/" + namespace + "/functions";
    }

    private static HttpResponse<String> deploy(TestHttpClient client, String namespace, Function function)
            throws IOException, InterruptedException {
        return client.send("POST", functions(namespace), TestServer.json(function), "application/json");
    }

    @Test
    void theSameNameInThreeNamespaces_isThreeFunctions_eachAtItsOwnUrl() throws IOException, InterruptedException {
        assertThat(server.anonymous().post("/function/hello", "{}", null).body()).isEqualTo("default");
        assertThat(server.anonymous().post("/function/hello.team-a", "{}", null).body()).isEqualTo("team-a");
        assertThat(server.anonymous().post("/function/hello.team-b/sub/path?x=1", "{}", null).body()).isEqualTo("team-b");

        JsonNode inA = TestHttpClient.json(server.http().get(functions("team-a") + "/hello"));
        assertThat(inA.at("/metadata/name").asText()).isEqualTo("hello");
        assertThat(inA.at("/metadata/namespace").asText()).isEqualTo("team-a");
        assertThat(inA.at("/status/url").asText()).endsWith("/function/hello.team-a");
        assertThat(inA.at("/status/latestReadyRevision").asText()).isEqualTo("hello-00001");
        JsonNode listed = TestHttpClient.json(server.http().get(functions("team-b"))).get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).at("/metadata/namespace").asText()).isEqualTo("team-b");
        assertThat(TestHttpClient.json(server.http().get(functions("default"))).get("items"))
                .extracting(item -> item.at("/metadata/name").asText()).contains("hello").doesNotContain("hello.team-a");
        JsonNode revisions = TestHttpClient.json(server.http().get(functions("team-a") + "/hello/revisions")).get("items");
        assertThat(revisions.get(0).get("name").asText()).isEqualTo("hello-00001");
    }

    @Test
    void revisionsAndTraffic_areNamedWithinTheNamespace() throws IOException, InterruptedException {
        HttpResponse<String> updated = server.http().send("PUT", functions("team-b") + "/hello",
                TestServer.json(hello("team-b v2", null)), "application/json");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        HttpResponse<String> split = server.http().send("PUT", functions("team-b") + "/hello/traffic",
                "{\"traffic\": [{\"revisionName\": \"hello-00001\", \"percent\": 100},"
                        + " {\"revisionName\": \"hello-00002\", \"percent\": 0, \"tag\": \"next\"}]}", "application/json");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);

        assertThat(server.anonymous().post("/function/hello.team-b", "{}", null).body()).isEqualTo("team-b");
        assertThat(server.anonymous().post("/function/hello.team-b@next", "{}", null).body()).isEqualTo("team-b v2");
        assertThat(server.anonymous().post("/function/hello", "{}", null).body()).isEqualTo("default");
        assertThat(TestHttpClient.json(split).at("/status/traffic/1/revisionName").asText()).isEqualTo("hello-00002");
    }

    @Test
    void aTokenReachesItsNamespacesOnly() throws IOException, InterruptedException {
        TestHttpClient asA = server.http().withToken(developerA);
        assertThat(asA.get(functions("team-a")).statusCode()).isEqualTo(200);
        HttpResponse<String> elsewhere = asA.get(functions("team-b"));
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.body()).contains("team-a").contains("team-b");
        assertThat(asA.get(functions("default")).statusCode()).isEqualTo(403);
        assertThat(asA.send("DELETE", functions("team-b") + "/hello", null, null).statusCode()).isEqualTo(403);
        assertThat(asA.send("DELETE", "/api/v1/functions/hello", null, null).statusCode()).isEqualTo(403);
        assertThat(server.anonymous().post("/function/hello.team-b", "{}", null).statusCode()).as("unchanged").isEqualTo(200);
        assertThat(asA.get("/api/v1/volumes").statusCode()).as("volumes are default's").isEqualTo(403);
        assertThat(TestHttpClient.json(asA.get("/api/v1/namespaces")).get("items"))
                .extracting(n -> n.at("/metadata/name").asText()).containsExactly("team-a");
        assertThat(asA.send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"mine\"}}", "application/json")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void anotherNamespacesKey_inADefaultPath_reachesNothing() throws IOException, InterruptedException {
        String defaultDeveloper = token("dev-default", "developer", "default");
        TestHttpClient asDefault = server.http().withToken(defaultDeveloper);

        for (String path : List.of("/api/v1/functions/hello.team-b", "/api/v1/functions/hello.team-b/revisions",
                "/api/v1/functions/hello.team-b/instances", "/api/v1/functions/hello.team-b/logs",
                "/api/v1/volumes/anything.team-b", "/api/v1/activations?function=hello.team-b")) {
            assertThat(asDefault.get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(asDefault.send("DELETE", "/api/v1/functions/hello.team-b", null, null).statusCode()).isEqualTo(404);
        assertThat(asDefault.send("PUT", "/api/v1/functions/hello.team-b/scale", "{\"maxScale\": 1}", "application/json")
                .statusCode()).isEqualTo(404);
        assertThat(server.anonymous().post("/function/hello.team-b", "{}", null).body()).as("untouched").startsWith("team-b");
        assertThat(TestHttpClient.json(server.http().get(functions("team-b") + "/hello")).at("/spec/scale/maxScale").asInt())
                .isNotEqualTo(1);
    }

    @Test
    void aFunctionRequiringATokens_takesTokensOfItsNamespace() throws IOException, InterruptedException {
        HttpResponse<String> made = deploy(server.http(), "team-b", Function.of("locked", hello("b-locked", "token").spec()));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        HttpResponse<String> madeA = deploy(server.http().withToken(developerA), "team-a",
                Function.of("locked", hello("a-locked", "token").spec()));
        assertThat(madeA.statusCode()).as(madeA.body()).isEqualTo(201);

        assertThat(server.http().withToken(invokerA).post("/function/locked.team-a", "{}", null).body()).isEqualTo("a-locked");
        HttpResponse<String> other = server.http().withToken(invokerA).post("/function/locked.team-b", "{}", null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(server.anonymous().post("/function/locked.team-b", "{}", null).statusCode()).isEqualTo(401);
        assertThat(server.http().post("/function/locked.team-b", "{}", null).body()).as("admin").isEqualTo("b-locked");
        assertThat(server.http().withToken(invokerA).send("POST", "/invoke", "{\"id\": \"locked.team-b\"}", "application/json")
                .statusCode()).isIn(401, 403);
    }

    @Test
    void theFunctionQuota_holdsUnderConcurrentDeploys_andARefusedDeployLeavesNothing() throws Exception {
        assertThat(createNamespace("quota", 2).statusCode()).isEqualTo(201);
        List<CompletableFuture<HttpResponse<String>>> deploys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Function function = Function.of("f" + i, hello("q" + i, null).spec());
            deploys.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return deploy(server.http(), "quota", function);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<HttpResponse<String>> answers = deploys.stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(a -> a.statusCode() == 201).hasSize(2);
        List<HttpResponse<String>> refused = answers.stream().filter(a -> a.statusCode() != 201).toList();
        assertThat(refused).hasSize(3).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(429);
            assertThat(TestHttpClient.json(a).get("error").asText()).isEqualTo("QuotaExceeded");
            assertThat(a.body()).contains("maxFunctions").contains("2");
        });
        assertThat(TestHttpClient.json(server.http().get(functions("quota"))).get("items")).hasSize(2);
        assertThat(TestHttpClient.json(server.http().get("/api/v1/namespaces/quota")).at("/status/functions").asInt()).isEqualTo(2);
        try (var dirs = Files.list(server.dataDir().resolve("functions"))) {
            assertThat(dirs.map(d -> d.getFileName().toString()).filter(n -> n.endsWith(".quota"))).hasSize(2);
        }
    }

    @Test
    void theInFlightQuota_refusesRequestsPastIt_at429WithRetryAfter_andFreesWhenTheyEnd() throws Exception {
        assertThat(server.http().send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"busy\"}, \"spec\": "
                + "{\"maxInFlight\": 2}}", "application/json").statusCode()).isEqualTo(201);
        Function slow = TestFunctions.python("slow", "import time\ndef handle(req):\n    time.sleep(1.5)\n    return 'done'\n");
        HttpResponse<String> made = deploy(server.http(), "busy", Function.of("slow", slow.spec().toBuilder().concurrency(0).build()));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(server.anonymous().sendAsync(server.anonymous().request("POST", "/function/slow.busy", "{}", null)));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize(2);
        assertThat(answers).filteredOn(a -> a.statusCode() != 200).hasSize(4).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(429);
            assertThat(a.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(a.body()).contains("maxInFlight").contains("busy");
        });
        assertThat(server.anonymous().post("/function/slow.busy", "{}", null).statusCode()).as("freed").isEqualTo(200);
        assertThat(server.anonymous().post("/function/hello", "{}", null).statusCode()).as("other namespaces").isEqualTo(200);

        HttpResponse<String> raised = server.http().send("PUT", "/api/v1/namespaces/busy",
                "{\"spec\": {\"maxInFlight\": 10}}", "application/json");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
        assertThat(TestHttpClient.json(raised).at("/spec/maxInFlight").asInt()).isEqualTo(10);
        List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(server.anonymous().sendAsync(server.anonymous().request("POST", "/function/slow.busy", "{}", null)));
        }
        assertThat(more.stream().map(CompletableFuture::join)).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
        assertThat(server.http().send("PUT", "/api/v1/namespaces/busy", "{\"spec\": {\"maxInFlight\": 0}}",
                "application/json").statusCode()).isEqualTo(400);
        assertThat(server.http().withToken(developerA).send("PUT", "/api/v1/namespaces/team-a", "{\"spec\": {}}",
                "application/json").statusCode()).isEqualTo(403);
    }

    @Test
    void aNamespaceIsDeletedOnlyEmpty_orWithEverythingInIt_whenForced() throws IOException, InterruptedException {
        assertThat(createNamespace("doomed", null).statusCode()).isEqualTo(201);
        HttpResponse<String> made = deploy(server.http(), "doomed", hello("doomed", null));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

        HttpResponse<String> refused = server.http().send("DELETE", "/api/v1/namespaces/doomed", null, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("hello").contains("--force");
        assertThat(server.anonymous().post("/function/hello.doomed", "{}", null).body()).isEqualTo("doomed");

        assertThat(server.http().send("DELETE", "/api/v1/namespaces/doomed?force=true", null, null).statusCode()).isEqualTo(200);
        assertThat(server.anonymous().post("/function/hello.doomed", "{}", null).statusCode()).isEqualTo(404);
        assertThat(server.http().get("/api/v1/namespaces/doomed").statusCode()).isEqualTo(404);
        assertThat(server.http().get(functions("doomed")).statusCode()).isEqualTo(404);
        assertThat(server.http().send("DELETE", "/api/v1/namespaces/default", null, null).statusCode()).isEqualTo(409);
    }

    @Test
    void badNamespaceRequests_getClearErrors() throws IOException, InterruptedException {
        assertThat(createNamespace("Team_A", null).statusCode()).isEqualTo(400);
        assertThat(createNamespace("team-a", null).statusCode()).isEqualTo(409);
        assertThat(server.http().get(functions("nowhere")).statusCode()).isEqualTo(404);
        Function elsewhere = hello("x", null);
        HttpResponse<String> mismatch = server.http().send("POST", functions("team-a"), TestServer.json(elsewhere.withMetadata(
                new dev.skiff.api.ObjectMeta("x", "team-b", null, null, null, null))), "application/json");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("metadata.namespace");
        HttpResponse<String> truncated = server.http().send("POST", "/api/v1/namespaces",
                "{\"metadata\": {\"name\": \"cut-short\"}", "application/json");
        assertThat(truncated.statusCode()).as("a truncated JSON body, not read as YAML").isEqualTo(400);
        assertThat(server.http().get("/api/v1/namespaces/cut-short").statusCode()).isEqualTo(404);
        HttpResponse<String> truncatedToken = server.http().send("POST", "/api/v1/tokens",
                "{\"name\": \"cut-short\", \"role\": \"invoker\"", "application/json");
        assertThat(truncatedToken.statusCode()).isEqualTo(400);
        HttpResponse<String> tokens = server.http().get("/api/v1/namespaces/team-a/tokens");
        assertThat(tokens.statusCode()).isEqualTo(404);
        assertThat(tokens.body()).contains("namespaces hold").contains("brokers");
    }

    @Test
    void activationRecords_areReadInTheirFunctionsNamespaceOnly() throws IOException, InterruptedException {
        HttpResponse<String> queued = server.anonymous().post("/async-function/hello.team-b", "{}", null);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = TestHttpClient.json(queued).get("activationId").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                server.http().get("/api/v1/namespaces/team-b/activations/" + id).body().contains("\"success\""));

        assertThat(server.http().get("/api/v1/activations/" + id).statusCode()).isEqualTo(404);
        assertThat(server.http().get("/api/v1/activations?limit=1000").body()).doesNotContain(id);
        assertThat(server.http().get("/api/v1/namespaces/team-b/activations?function=hello").body()).contains(id);
        assertThat(server.http().get("/api/v1/namespaces/team-a/activations").body()).doesNotContain(id);
        assertThat(server.http().withToken(developerA).get("/api/v1/namespaces/team-b/activations/" + id).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aVolumeIsItsNamespaces_mountedByItsFunctionsOnly() throws IOException, InterruptedException {
        assertThat(createNamespace("vols", null).statusCode()).isEqualTo(201);
        assertThat(server.http().send("POST", "/api/v1/volumes", "{\"name\": \"shared\"}", "application/json").statusCode())
                .isEqualTo(201);
        Function reader = Function.of("reader", TestFunctions.python("reader",
                "def handle(req):\n    return open('/mnt/data/note.txt').read()\n").spec().toBuilder()
                .volumes(List.of(new VolumeMount("shared", "/mnt/data", false))).build());

        HttpResponse<String> noSuch = deploy(server.http(), "vols", reader);
        assertThat(noSuch.statusCode()).as("default's volume is not vols'").isEqualTo(400);
        assertThat(noSuch.body()).contains("'shared' does not exist");

        assertThat(server.http().send("POST", "/api/v1/namespaces/vols/volumes", "{\"name\": \"shared\"}",
                "application/json").statusCode()).isEqualTo(201);
        HttpResponse<String> written = server.http().send("PUT", "/api/v1/namespaces/vols/volumes/shared/files/note.txt",
                "from vols", "application/octet-stream");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
        server.http().send("PUT", "/api/v1/volumes/shared/files/note.txt", "from default", "application/octet-stream");
        HttpResponse<String> made = deploy(server.http(), "vols", reader);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

        assertThat(server.anonymous().post("/function/reader.vols", "{}", null).body()).isEqualTo("from vols");
        assertThat(server.http().get("/api/v1/namespaces/vols/volumes/shared/files/note.txt").body()).isEqualTo("from vols");
        JsonNode listed = TestHttpClient.json(server.http().get("/api/v1/namespaces/vols/volumes")).get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("shared");
        assertThat(TestHttpClient.json(server.http().get("/api/v1/volumes")).get("items"))
                .extracting(v -> v.get("name").asText()).doesNotContain("shared.vols");
        assertThat(server.http().withToken(developerA).get("/api/v1/namespaces/vols/volumes").statusCode()).isEqualTo(403);
        HttpResponse<String> inUse = server.http().send("DELETE", "/api/v1/namespaces/vols/volumes/shared", null, null);
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(inUse.body()).contains("reader");

        assertThat(server.http().send("DELETE", "/api/v1/namespaces/vols", null, null).statusCode()).isEqualTo(409);
        assertThat(server.http().send("DELETE", "/api/v1/namespaces/vols?force=true", null, null).statusCode()).isEqualTo(200);
        assertThat(Files.exists(server.dataDir().resolve("volumes/shared.vols"))).isFalse();
        assertThat(server.http().get("/api/v1/volumes/shared/files/note.txt").body()).isEqualTo("from default");
    }

    @Test
    void functionsInNamespaces_serveAgainAfterARestart() throws IOException, InterruptedException {
        assertThat(createNamespace("kept", null).statusCode()).isEqualTo(201);
        assertThat(deploy(server.http(), "kept", hello("kept", null)).statusCode()).isEqualTo(201);

        server.restart();

        assertThat(server.anonymous().post("/function/hello.kept", "{}", null).body()).isEqualTo("kept");
        assertThat(server.http().get("/api/v1/namespaces/kept").statusCode()).isEqualTo(200);
    }
}

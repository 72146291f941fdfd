package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.ServerHarness;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile function asks for a gibibyte under a 256Mi limit: the kernel kills its instance, the
 * request it was serving is answered {@code OutOfMemory} naming the limit, its activation record and
 * the function's log say so, it is replaced, and the server and another function keep answering.
 */
class MemoryLimitIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String HOG = """
            def handle(req):
                block = bytearray(int(req['mb']) << 20)
                return 'held %d MB' % (len(block) >> 20)
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(LimitedFunctions.python("hog", HOG, Map.of("memory", "256Mi")));
        server.deploy(TestFunctions.python("neighbour", "def handle(req):\n    return 'still here'\n"));
    }

    private static HttpResponse<String> allocate(int mebibytes) {
        return server.send("POST", "/function/hog", "{\"mb\": " + mebibytes + "}");
    }

    @Test
    void gibibyte_under256Mi_answersOutOfMemoryNamingTheLimit_andEveryoneKeepsServing() {
        HttpResponse<String> answer = allocate(1024);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(502);
        JsonNode body = ServerHarness.read(answer.body());
        assertThat(body.get("error").asText()).isEqualTo("OutOfMemory");
        assertThat(body.get("message").asText()).contains("ran out of memory", "256Mi", "spec.resources.limits.memory");
        assertThat(server.send("POST", "/function/neighbour", "{}").body()).isEqualTo("still here");
        assertThat(server.send("GET", "/healthz", null).statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(allocate(16).body()).as("a replacement serves").isEqualTo("held 16 MB"));
    }

    @Test
    void limitTooSmallForTheWorkerToStart_failsTheDeploySayingSo_andNothingIsStored() {
        HttpResponse<String> answer = server.send("POST", "/api/v1/functions",
                ServerHarness.json(LimitedFunctions.python("tiny", HOG, Map.of("memory", "4Mi"))));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(ServerHarness.read(answer.body()).get("message").asText())
                .contains("killed for memory while it started", "4Mi (spec.resources.limits.memory)", "too small");
        assertThat(server.send("GET", "/api/v1/functions/tiny", null).statusCode()).isEqualTo(404);
    }

    @Test
    void instanceKilledForMemory_isNamedInItsActivationRecord_andInTheFunctionsLog() {
        assertThat(allocate(1024).statusCode()).isEqualTo(502);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(server.send("GET", "/api/v1/functions/hog/logs?tail=50", null).body())
                .contains("skiff: hog's instance hog-00001/", "ran out of memory", "256Mi"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode items = ServerHarness.read(server.send("GET", "/api/v1/activations?function=hog&limit=20", null).body()).get("items");
            assertThat(StreamSupport.stream(items.spliterator(), false)
                    .filter(a -> a.get("statusCode").asInt() == 502)
                    .map(a -> a.get("result").asText()))
                    .anySatisfy(result -> assertThat(result).contains("ran out of memory", "256Mi"));
        });
    }
}

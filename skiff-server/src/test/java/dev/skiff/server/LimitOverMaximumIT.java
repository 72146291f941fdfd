package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.testkit.server.ServerHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A careless user asks for more than the server allows, or writes a limit no process can live with:
 * the deploy is refused with 400 naming the field and why, and the function as stored keeps serving.
 */
class LimitOverMaximumIT {
    private static final String ECHO = "def handle(req):\n    return 'first'\n";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static HttpResponse<String> create(String name, Map<String, String> requests, Map<String, String> limits) {
        Function function = LimitedFunctions.python(name, ECHO, Map.of());
        function = function.withSpec(function.spec().toBuilder().resources(new ResourceRequirements(requests, limits)).build());
        return server.send("POST", "/api/v1/functions", ServerHarness.json(function));
    }

    private static void assertRefused(HttpResponse<String> answer, String... words) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode body = ServerHarness.read(answer.body());
        assertThat(body.get("error").asText()).isEqualTo("ValidationFailed");
        assertThat(body.get("message").asText()).contains(words);
    }

    @Test
    void memoryOverTheServersMaximum_isRefused_namingTheMaximumAndItsFlag() {
        assertRefused(create("greedy", null, Map.of("memory", "8Gi")),
                "spec.resources.limits.memory", "'8Gi' is over this server's maximum, 4Gi", "--max-memory");
    }

    @Test
    void memoryWithoutAUnit_isRefused_asTooLittleForAnyProcess() {
        assertRefused(create("bytes", null, Map.of("memory", "256")),
                "spec.resources.limits.memory", "256 bytes", "256Mi");
    }

    @Test
    void cpuLimitOfZero_isRefused() {
        assertRefused(create("still", null, Map.of("cpu", "0")), "spec.resources.limits.cpu", "is 0");
    }

    @Test
    void requestAboveItsLimit_isRefused() {
        assertRefused(create("upside", Map.of("memory", "1Gi"), Map.of("memory", "512Mi")),
                "spec.resources.requests.memory", "'1Gi' is more than its limit");
    }

    @Test
    void refusedUpdate_leavesTheStoredFunctionServing() {
        assertThat(create("kept", null, Map.of("memory", "128Mi")).statusCode()).isEqualTo(201);
        Function update = LimitedFunctions.python("kept", "def handle(req):\n    return 'second'\n", Map.of("memory", "64Gi"));

        HttpResponse<String> answer = server.send("PUT", "/api/v1/functions/kept", ServerHarness.json(update));

        assertRefused(answer, "'64Gi' is over this server's maximum");
        assertThat(server.send("POST", "/function/kept", "{}").body()).isEqualTo("first");
        assertThat(ServerHarness.read(server.send("GET", "/api/v1/functions/kept", null).body())
                .at("/spec/resources/limits/memory").asText()).isEqualTo("128Mi");
    }
}

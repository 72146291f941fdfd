package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.Function;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user may open: {@code /metrics} for a Prometheus that sends no token
 * ({@code --metrics-public}), and the seed-002 agent's API for its existing clients
 * ({@code --agent-api-open}, loopback only). Nothing else opens with them.
 */
class OpenRoutesIT {
    @RegisterExtension
    static final TestServer server = new TestServer(config -> config.withAccess(
            config.access().withMetricsPublic(true).withAgentApiOpen(true)));

    @BeforeAll
    static void deploy() {
        Function locked = TestFunctions.python("locked", "def handle(req):\n    return 'in'\n");
        server.deploy(Function.of("locked", locked.spec().toBuilder().auth("token").build()));
    }

    @Test
    void metrics_answerWithoutAToken() throws IOException, InterruptedException {
        HttpResponse<String> metrics = server.anonymous().get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("skiff_");
    }

    @Test
    void theAgentsApi_answersWithoutAToken_asTheSeedsClientsExpect() throws IOException, InterruptedException {
        HttpResponse<String> deployed = server.anonymous().post("/deploy",
                "{\"id\": \"agent-fn\", \"handler\": \"def handle(req):\\n    return 41 + 1\\n\"}", "application/json");
        assertThat(deployed.statusCode()).as(deployed.body()).isIn(200, 201);
        HttpResponse<String> invoked = server.anonymous().post("/invoke", "{\"id\": \"agent-fn\"}", "application/json");
        assertThat(invoked.body()).contains("42");
        assertThat(server.anonymous().get("/functions").body()).contains("agent-fn");
    }

    @Test
    void theOpenAgentApi_stillCallsAFunctionRequiringATokenOnlyWithOne() throws IOException, InterruptedException {
        HttpResponse<String> refused = server.anonymous().post("/invoke", "{\"id\": \"locked\"}", "application/json");
        assertThat(refused.statusCode()).isEqualTo(401);

        assertThat(server.http().send("POST", "/invoke", "{\"id\": \"locked\"}", "application/json").body()).contains("in");
    }

    @Test
    void theRestOfTheApi_stillNeedsAToken() throws IOException, InterruptedException {
        assertThat(server.anonymous().get("/api/v1/functions").statusCode()).isEqualTo(401);
        assertThat(server.anonymous().post("/api/v1/functions", "{}", "application/json").statusCode()).isEqualTo(401);
    }

    @Test
    void anOpenAgentApi_isRefusedBeyondLoopback(@TempDir Path dir) {
        ServerConfig everywhere = new ServerConfig("0.0.0.0", 0, dir, null);
        ServerConfig open = everywhere.withAccess(everywhere.access().withAgentApiOpen(true));

        assertThatThrownBy(() -> SkiffServer.start(open)).hasMessageContaining("--agent-api-open")
                .hasMessageContaining("loopback");
    }
}

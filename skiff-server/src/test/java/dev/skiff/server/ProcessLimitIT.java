package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.ServerHarness;
import dev.skiff.testkit.server.TestFunctions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile function starts processes until it cannot: it stops at the server's process limit per
 * instance (1024 by default), the server and another function keep answering, and what it started
 * dies with its instance.
 */
class ProcessLimitIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int TRIED = 1500;
    private static final String BOMB = """
            import subprocess
            children = []
            def handle(req):
                error = ''
                for _ in range(int(req['n'])):
                    try:
                        children.append(subprocess.Popen(['sleep', req['marker']]))
                    except OSError as e:
                        error = e.strerror
                        break
                return {'made': len(children), 'error': error}
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(LimitedFunctions.python("bomb", BOMB, Map.of()));
        server.deploy(TestFunctions.python("neighbour", "def handle(req):\n    return 'still here'\n"));
    }

    @Test
    void forkLoop_stopsAtTheProcessLimit_theServerKeepsAnswering_andItsChildrenDieWithTheInstance() {
        String marker = "1000." + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000);

        JsonNode result = ServerHarness.read(server.send("POST", "/function/bomb",
                "{\"n\": " + TRIED + ", \"marker\": \"" + marker + "\"}").body());

        assertThat(result.get("made").asInt()).as("processes started").isLessThan(1024);
        assertThat(result.get("error").asText()).isEqualTo("Resource temporarily unavailable");
        assertThat(server.send("POST", "/function/neighbour", "{}").body()).isEqualTo("still here");
        assertThat(server.send("GET", "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(server.send("DELETE", "/api/v1/functions/bomb", null).statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(LimitedFunctions.processesWith(marker)).isEmpty());
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A request leaves a detached child behind: it lives while its instance does, and dies when the instance stops. */
class LeftBehindChildrenIT {
    private static final String LEAVER = """
            import subprocess
            def handle(req):
                subprocess.Popen(['sleep', req['marker']], start_new_session=True)
                return 'left one behind'
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(LimitedFunctions.python("leaver", LEAVER, Map.of()));
    }

    @Test
    void childLeftByARequest_outlivesTheRequest_butNotItsInstance() {
        String marker = "1000." + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000);

        assertThat(server.send("POST", "/function/leaver", "{\"marker\": \"" + marker + "\"}").body()).isEqualTo("left one behind");
        await().atMost(Duration.ofSeconds(10)).until(() -> !LimitedFunctions.processesWith(marker).isEmpty());
        assertThat(server.send("DELETE", "/api/v1/functions/leaver", null).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LimitedFunctions.processesWith(marker)).isEmpty());
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An HTTP app that never answers on its port fails its deploy once the start timeout has passed: on
 * a server of its own whose timeout is short, so the apps that do start are not held to it.
 */
class HttpAppStartTimeoutIT {
    @RegisterExtension
    static final TestServer server = new TestServer(Duration.ofSeconds(5));

    @Test
    void deploy_appThatNeverAnswers_failsWithItsLastLines() {
        String app = "import time\nprint('booting slowly', flush=True)\ntime.sleep(600)\n";

        HttpResponse<String> response = server.send("POST", "/api/v1/functions", TestServer.json(
                TestFunctions.httpApp("never-ready", "app.py", app, List.of("python3", "app.py"), List.of())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        String message = TestServer.read(response.body()).get("message").asText();
        assertThat(message).contains("did not answer HTTP on its port").contains("booting slowly");
        assertThat(server.send("GET", "/api/v1/functions/never-ready", null).statusCode()).isEqualTo(404);
    }
}

package dev.skiff.server;

import static dev.skiff.server.StrictAnswers.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cron trigger whose schedule can never fire is refused when it is created. */
class CronScheduleIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("sink", "def handle(req):\n    return 'ok'\n"));
    }

    private static String cron(String name, String schedule) {
        return "{\"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {\"schedule\": \"" + schedule
                + "\", \"sink\": {\"function\": \"sink\"}}}";
    }

    @Test
    void create_scheduleThatNeverFires_is400NamingTheSchedule_whileALeapDayIsAccepted() {
        String message = invalid(server.send("POST", "/api/v1/crontriggers", cron("feb30", "0 0 30 2 *")));
        HttpResponse<String> created = server.send("POST", "/api/v1/crontriggers", cron("leap", "0 0 29 2 *"));

        assertThat(message).contains("spec.schedule").contains("0 0 30 2 *").contains("never");
        assertThat(server.send("GET", "/api/v1/crontriggers/feb30", null).statusCode()).isEqualTo(404);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(TestServer.read(created.body()).at("/status/nextTick").asText()).contains("-02-29T00:00:00Z");
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.Source;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Idle revisions scale to zero once their stable window has seen no request and the grace period is
 * over, and the next request starts an instance again.
 */
class ScaleToZeroIT {
    private static final String TOKEN = """
            import uuid
            TOKEN = uuid.uuid4().hex
            def handle(req):
                return TOKEN
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Function scaled(String name, int minScale) {
        return Function.of(name, FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", TOKEN))
                .scale(ScaleSpec.bounds(minScale, null).withGrace(1).withStableWindow(6))
                .build());
    }

    private static int instances(String name) {
        return server.instances(name).size();
    }

    @Test
    void idleFunction_scalesToZero_andTheNextRequestStartsANewInstance() {
        server.deploy(scaled("sleepy", 0));
        String first = server.send("POST", "/function/sleepy", "").body();

        await().atMost(Duration.ofSeconds(20)).until(() -> instances("sleepy") == 0);
        HttpResponse<String> woken = server.send("POST", "/function/sleepy", "");

        assertThat(woken.statusCode()).isEqualTo(200);
        assertThat(woken.body()).isNotEqualTo(first);
        assertThat(instances("sleepy")).isPositive();
        JsonNode status = TestServer.read(server.send("GET", "/api/v1/functions/sleepy", null).body());
        assertThat(status.at("/status/conditions/0/status").asText()).isEqualTo("True");
        assertThat(status.at("/spec/scale/scaleToZeroGraceSeconds").asInt()).isEqualTo(1);
    }

    @Test
    void minScaleOne_keepsItsInstanceWhenIdle() {
        server.deploy(scaled("awake", 1));

        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() -> instances("awake") == 1);

        assertThat(server.send("POST", "/function/awake", "").statusCode()).isEqualTo(200);
    }

    @Test
    void minScaleTwo_startsTwoInstancesWithoutTraffic() {
        server.deploy(scaled("pair", 2));

        await().atMost(Duration.ofSeconds(20)).until(() -> instances("pair") == 2);
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() -> instances("pair") == 2);
    }

    @Test
    void minScaleAboveMaxScale_isRefusedWithAReason() {
        Function function = scaled("many", 3);
        Function bounded = function.withSpec(function.spec().withScale(function.spec().scale().withBounds(3, 2)));

        HttpResponse<String> refused = server.send("POST", "/api/v1/functions", TestServer.json(bounded));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("spec.scale.minScale").contains("above maxScale 2");
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instances are reused while healthy and replaced when they crash or run past the timeout. A worker
 * names itself with a token of its own: inside the sandbox's PID namespace every worker is pid 2.
 */
class InstanceLifecycleIT {
    private static final String WORKER = """
            import os, time, uuid
            INSTANCE = uuid.uuid4().hex
            def handle(req):
                if req.get('crash'):
                    os._exit(7)
                if req.get('sleep'):
                    time.sleep(req['sleep'])
                return {"instance": INSTANCE}
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(Function.of("worker", FunctionSpec.builder()
                .runtime("python3")
                .handler("main.handle")
                .source(Source.text("main.py", WORKER))
                .timeoutSeconds(2)
                .build()));
    }

    private static String instance(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.read(response.body()).get("instance").asText();
    }

    private static String invokeUntilServed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.send("POST", "/function/worker", "{}").statusCode() == 200);
        return instance(server.send("POST", "/function/worker", "{}"));
    }

    /** The host's process id of the instance serving now (the sandbox's, when there is one). */
    private static long servingPid() {
        HttpResponse<String> instances = server.send("GET", "/api/v1/functions/worker/instances", null);
        return TestServer.read(instances.body()).get("items").get(0).get("pid").asLong();
    }

    @Test
    void invoke_warm_reusesOneProcess() {
        String first = invokeUntilServed();
        for (int i = 0; i < 20; i++) {
            assertThat(instance(server.send("POST", "/function/worker", "{}"))).isEqualTo(first);
        }
    }

    @Test
    void invoke_pastTimeout_is504AndTheInstanceIsReplaced() {
        String before = invokeUntilServed();
        long beforePid = servingPid();

        HttpResponse<String> slow = server.send("POST", "/function/worker", "{\"sleep\": 30}");

        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(504);
        assertThat(TestServer.read(slow.body()).get("error").asText()).isEqualTo("Timeout");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(beforePid).map(p -> !p.isAlive()).orElse(true));
        assertThat(invokeUntilServed()).isNotEqualTo(before);
    }

    @Test
    void invoke_instanceCrashes_is502AndTheInstanceIsReplaced() {
        String before = invokeUntilServed();

        HttpResponse<String> crashed = server.send("POST", "/function/worker", "{\"crash\": true}");

        assertThat(crashed.statusCode()).as(crashed.body()).isEqualTo(502);
        assertThat(TestServer.read(crashed.body()).get("error").asText()).isEqualTo("InstanceFailed");
        assertThat(invokeUntilServed()).isNotEqualTo(before);
    }
}

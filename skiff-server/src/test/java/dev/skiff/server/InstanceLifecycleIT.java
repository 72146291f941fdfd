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

/** Instances are reused while healthy and replaced when they crash or run past the timeout. */
class InstanceLifecycleIT {
    private static final String WORKER = """
            import os, time
            def handle(req):
                if req.get('crash'):
                    os._exit(7)
                if req.get('sleep'):
                    time.sleep(req['sleep'])
                return {"pid": os.getpid()}
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(Function.of("worker", new FunctionSpec("python3", "main.handle", Source.text("main.py", WORKER),
                null, null, 2, null, null)));
    }

    private static long pid(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.read(response.body()).get("pid").asLong();
    }

    private static long invokeUntilServed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.send("POST", "/function/worker", "{}").statusCode() == 200);
        return pid(server.send("POST", "/function/worker", "{}"));
    }

    @Test
    void invoke_warm_reusesOneProcess() {
        long first = invokeUntilServed();
        for (int i = 0; i < 20; i++) {
            assertThat(pid(server.send("POST", "/function/worker", "{}"))).isEqualTo(first);
        }
    }

    @Test
    void invoke_pastTimeout_is504AndTheInstanceIsReplaced() {
        long before = invokeUntilServed();

        HttpResponse<String> slow = server.send("POST", "/function/worker", "{\"sleep\": 30}");

        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(504);
        assertThat(TestServer.read(slow.body()).get("error").asText()).isEqualTo("Timeout");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(before).map(p -> !p.isAlive()).orElse(true));
        assertThat(invokeUntilServed()).isNotEqualTo(before);
    }

    @Test
    void invoke_instanceCrashes_is502AndTheInstanceIsReplaced() {
        long before = invokeUntilServed();

        HttpResponse<String> crashed = server.send("POST", "/function/worker", "{\"crash\": true}");

        assertThat(crashed.statusCode()).as(crashed.body()).isEqualTo(502);
        assertThat(TestServer.read(crashed.body()).get("error").asText()).isEqualTo("InstanceFailed");
        assertThat(invokeUntilServed()).isNotEqualTo(before);
    }
}

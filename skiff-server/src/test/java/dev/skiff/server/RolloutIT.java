package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rollouts, traffic changes and scale-downs while requests keep coming: not one of them fails. */
class RolloutIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Function version(int n) {
        Function function = TestFunctions.python("roll", """
                import time
                def handle(req):
                    time.sleep(0.05)
                    return 'v%d'
                """.formatted(n));
        return function.withSpec(function.spec().toBuilder().scale(ScaleSpec.bounds(0, 4)).build());
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void changesUnderLoad_dropNoRequest() throws Exception {
        server.deploy(version(1));
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    HttpResponse<String> answer = server.send("POST", "/function/roll", "");
                    answers.merge(answer.statusCode() == 200 ? answer.body() : answer.statusCode() + " " + answer.body(), 1, Integer::sum);
                }
            }));
        }

        ok(server.send("PUT", "/api/v1/functions/roll", TestServer.json(version(2))));
        ok(server.send("PUT", "/api/v1/functions/roll", TestServer.json(version(3))));
        ok(server.send("PUT", "/api/v1/functions/roll/traffic",
                "{\"traffic\": [{\"revisionName\": \"roll-00001\", \"percent\": 50}, {\"revisionName\": \"roll-00003\", \"percent\": 50}]}"));
        ok(server.send("POST", "/api/v1/functions/roll/rollback", null));
        ok(server.send("PUT", "/api/v1/functions/roll/scale", "{\"maxScale\": 1}"));
        ok(server.send("PUT", "/api/v1/functions/roll/traffic", "{\"traffic\": [{\"latestRevision\": true, \"percent\": 100}]}"));
        int before = answers.getOrDefault("v3", 0);
        org.awaitility.Awaitility.await().until(() -> answers.getOrDefault("v3", 0) > before + 20);
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get();
        }
        clients.shutdown();

        assertThat(answers.keySet()).allMatch(answer -> answer.matches("v[123]"));
        assertThat(answers).containsKeys("v1", "v2", "v3");
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instances follow the load: out under concurrent requests, back to zero after, dropping nothing;
 * requests past an instance's concurrency limit wait their turn.
 */
class AutoscalingIT {
    private static final String SLOW = """
            import time, uuid
            INSTANCE = uuid.uuid4().hex
            def handle(req):
                time.sleep(0.2)
                return INSTANCE
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Function slow(String name, ScaleSpec scale, int concurrency) {
        Function function = TestFunctions.python(name, SLOW);
        return function.withSpec(function.spec().toBuilder().concurrency(concurrency).scale(scale).build());
    }

    private static int instances(String name) {
        return server.instances(name).size();
    }

    private static JsonNode revision(String name) {
        return TestServer.read(server.send("GET", "/api/v1/functions/" + name + "/revisions", null).body()).get("items").get(0);
    }

    @Test
    void load_scalesOutToMaxScaleThenBackToZero_withoutAFailedRequest() throws Exception {
        server.deploy(slow("busy", ScaleSpec.bounds(0, 4).withGrace(1).withStableWindow(6), 1));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Set<String> seenInstances = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    HttpResponse<String> answer = server.send("POST", "/function/busy", "");
                    if (answer.statusCode() == 200) {
                        served.incrementAndGet();
                        seenInstances.add(answer.body());
                    } else {
                        failures.incrementAndGet();
                    }
                }
            }));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> instances("busy") == 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> revision("busy").at("/status/requestsPerSecond").asDouble() > 0);
        JsonNode revision = revision("busy");
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get();
        }
        clients.shutdown();

        assertThat(revision.at("/status/desired").asInt()).isEqualTo(4);
        assertThat(revision.at("/status/requestsPerSecond").asDouble()).isPositive();
        assertThat(seenInstances).hasSizeGreaterThanOrEqualTo(4);
        await().atMost(Duration.ofSeconds(40)).until(() -> instances("busy") == 0);
        assertThat(failures.get()).isZero();
        assertThat(served.get()).isPositive();
    }

    @Test
    void concurrencyLimit_requestsFromManyConnectionsTakeTurns_andAllAreAnswered() throws Exception {
        // The worker serves each connection on its own thread: were two requests let through at
        // once, two handlers would overlap, and the most seen would be above 1.
        Function counting = TestFunctions.python("one-at-a-time", """
                import threading, time
                lock = threading.Lock()
                running = 0
                most = 0
                def handle(req):
                    global running, most
                    with lock:
                        running += 1
                        most = max(most, running)
                    time.sleep(0.002)
                    with lock:
                        running -= 1
                    return str(most)
                """);
        server.deploy(counting.withSpec(counting.spec().toBuilder().concurrency(1).scale(ScaleSpec.bounds(1, 1)).build()));
        int clients = 12;
        int each = 25;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<HttpResponse<String>>>> loops = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            loops.add(pool.submit(() -> {
                go.await();
                List<HttpResponse<String>> answers = new ArrayList<>();
                for (int n = 0; n < each; n++) {
                    answers.add(server.send("POST", "/function/one-at-a-time", ""));
                }
                return answers;
            }));
        }

        go.countDown();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<List<HttpResponse<String>>> loop : loops) {
            answers.addAll(loop.get());
        }
        pool.shutdown();

        assertThat(answers).hasSize(clients * each).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("1");
        });
        assertThat(instances("one-at-a-time")).isEqualTo(1);
    }

    @Test
    void coldBurst_waitsForOneMergedStart_andEveryRequestIsAnswered() throws Exception {
        server.deploy(slow("burst", ScaleSpec.bounds(0, 0).withGrace(1).withStableWindow(6), 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> instances("burst") == 0);
        int requests = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(clients.submit(() -> {
                go.await();
                return server.send("POST", "/function/burst", "");
            }));
        }

        go.countDown();
        Set<String> seenInstances = ConcurrentHashMap.newKeySet();
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
            seenInstances.add(answer.get().body());
        }
        clients.shutdown();

        assertThat(seenInstances).hasSize(1);
        assertThat(instances("burst")).isEqualTo(1);
    }

    @Test
    void noInstanceWithinTheTimeout_answers503WithRetryAfter() throws Exception {
        Function hanging = TestFunctions.python("hang", """
                import os, time
                if os.path.exists(os.path.join(os.path.dirname(__file__), 'HANG')):
                    time.sleep(60)
                def handle(req):
                    return 'started'
                """);
        server.deploy(hanging.withSpec(hanging.spec().toBuilder().timeoutSeconds(2)
                .scale(ScaleSpec.bounds(0, 1).withGrace(1).withStableWindow(6)).build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> instances("hang") == 0);
        server.signal("hang", "HANG");

        HttpResponse<String> answer = server.send("POST", "/function/hang", "");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(TestServer.read(answer.body()).get("message").asText()).contains("no instance of hang became free within 2s");
    }
}

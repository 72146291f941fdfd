package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.server.events.EventsConfig;
import dev.skiff.testkit.server.TestFunctions;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activation records, asynchronous invocation with a callback, and a cron trigger through the real server. */
class ActivationsCronIT {
    @TempDir
    Path dataDir;

    @Test
    void syncAndAsyncInvocations_leaveActivationRecords_andTheCallbackGetsTheResult() throws Exception {
        CompletableFuture<String> callback = new CompletableFuture<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/done", exchange -> {
            callback.complete(exchange.getRequestHeaders().getFirst("X-Skiff-Activation-Id") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (TestServer server = TestServer.start(ServerConfig.ephemeral(dataDir).withAllowedCallbackHosts(List.of("127.0.0.1")))) {
            server.deploy(TestFunctions.python("hello", "def handle(req):\n    print('saying hello', flush=True)\n"
                    + "    return {'hello': req.get('name', 'world')}\n"));
            assertThat(server.send("POST", "/function/hello", "{\"name\": \"sync\"}").statusCode()).isEqualTo(200);

            HttpResponse<String> queued = server.send(server.request("/async-function/hello")
                    .header("X-Callback-Url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/done")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"async\"}")).build());
            assertThat(queued.statusCode()).isEqualTo(202);
            String id = TestServer.read(queued.body()).get("activationId").asText();

            assertThat(callback.get(60, TimeUnit.SECONDS)).isEqualTo(id + " {\"hello\": \"async\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> server.send("GET", "/api/v1/activations/" + id, null)
                    .body().contains("\"success\""));
            JsonNode activation = TestServer.read(server.send("GET", "/api/v1/activations/" + id, null).body());
            assertThat(activation.get("function").asText()).isEqualTo("hello");
            assertThat(activation.get("revision").asText()).isEqualTo("hello-00001");
            assertThat(activation.get("result").asText()).isEqualTo("{\"hello\": \"async\"}");
            assertThat(activation.get("logs")).extracting(JsonNode::asText).contains("saying hello");
            await().atMost(Duration.ofSeconds(30)).until(() -> TestServer.read(server.send("GET",
                    "/api/v1/activations?function=hello", null).body()).get("items").size() == 2);
            assertThat(server.send("GET", "/api/v1/activations/nope", null).statusCode()).isEqualTo(404);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void pastTheActivationLimit_theOldestRecordsGo_theNewestStay() {
        try (TestServer server = TestServer.start(ServerConfig.ephemeral(dataDir)
                .withEvents(EventsConfig.defaults().withActivationLimit(3)))) {
            server.deploy(TestFunctions.python("counted", "def handle(req):\n    return req.get('n')\n"));
            for (int n = 1; n <= 5; n++) {
                assertThat(server.send("POST", "/function/counted", "{\"n\": " + n + "}").body()).isEqualTo(Integer.toString(n));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> TestServer.read(server.send("GET",
                    "/api/v1/activations?function=counted", null).body()).get("items").size() == 5);

            assertThat(server.server().pruneActivations()).isEqualTo(2);

            JsonNode kept = TestServer.read(server.send("GET", "/api/v1/activations?function=counted", null).body()).get("items");
            assertThat(kept).extracting(item -> item.get("result").asText()).containsExactly("5", "4", "3");
        }
    }

    @Test
    void cronTrigger_firesOnItsTick_andNotAgainForThatTickAfterARestart() {
        Instant now = Instant.now();
        Instant nextMinute = now.plusSeconds(60 - now.getEpochSecond() % 60).minusNanos(now.getNano());
        // A clock two seconds short of a minute's end, so that '* * * * *' ticks soon.
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(now, nextMinute).minusSeconds(2));
        TestServer server = TestServer.start(dataDir, EventsConfig.defaults().withClock(clock));
        try {
            server.deploy(TestFunctions.python("ticked", "main.handler", BrokerTriggerIT.recorder("    return 'ok'\n")));
            HttpResponse<String> created = server.send("POST", "/api/v1/crontriggers", """
                    {"metadata": {"name": "every-minute"}, "spec": {"schedule": "* * * * *", "timezone": "Europe/Warsaw",
                     "data": "{\\"job\\": \\"nightly\\"}", "sink": {"function": "ticked"}}}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(30)).until(() -> BrokerTriggerIT.received(server, "ticked").size() == 1);
            JsonNode tick = BrokerTriggerIT.received(server, "ticked").getFirst();
            assertThat(tick.get("type").asText()).isEqualTo("dev.knative.sources.ping");
            assertThat(TestServer.read(tick.get("data").asText()).get("job").asText()).isEqualTo("nightly");

            server.restart(EventsConfig.defaults().withClock(clock));

            JsonNode cron = TestServer.read(server.send("GET", "/api/v1/crontriggers/every-minute", null).body());
            assertThat(Instant.parse(cron.at("/status/nextTick").asText()))
                    .isAfter(Instant.parse(cron.at("/status/lastTick").asText()));
            assertThat(BrokerTriggerIT.received(server, "ticked")).hasSize(1);
        } finally {
            server.close();
        }
    }

    @Test
    void cronTrigger_badScheduleOrZone_is400NamingTheField() {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deploy(TestFunctions.python("f", "def handle(req):\n    return 'ok'\n"));
            HttpResponse<String> answer = server.send("POST", "/api/v1/crontriggers", """
                    {"metadata": {"name": "bad"}, "spec": {"schedule": "every day", "timezone": "Mars/Olympus",
                     "sink": {"function": "f"}}}""");
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("spec.schedule").contains("spec.timezone");
        }
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.testkit.http.TestHttpClient;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import dev.skiff.server.events.EventsConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Brokers, topics, triggers, cron triggers and dead letters in namespaces: the same names in two
 * namespaces deliver within their own; a trigger reaches only its namespace's functions; tokens reach
 * their namespaces' events only; a function's {@code K_SINK} takes events into its own namespace and
 * no other; a namespace holding events is deleted only when forced, with them.
 */
class NamespaceEventsIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static String developerA;
    private static String invokerA;

    @BeforeAll
    static void twoTeams() throws IOException, InterruptedException {
        for (String namespace : List.of("ev-a", "ev-b")) {
            assertThat(admin("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"" + namespace + "\"}}").statusCode())
                    .isEqualTo(201);
            deploy(namespace, recorder("sink", "    return 'ok'\n"));
            assertThat(admin("POST", in(namespace, "brokers"), "{\"metadata\": {\"name\": \"orders\"}}").statusCode()).isEqualTo(201);
            HttpResponse<String> trigger = admin("POST", in(namespace, "triggers"), """
                    {"metadata": {"name": "all"}, "spec": {"broker": "orders", "subscriber": {"function": "sink"}}}""");
            assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(201);
        }
        developerA = token("ev-dev-a", "developer", "ev-a");
        invokerA = token("ev-inv-a", "invoker", "ev-a");
    }

    private static Function recorder(String name, String behaviour) {
        return TestFunctions.python(name, "main.handler", BrokerTriggerIT.recorder(behaviour));
    }

    private static void deploy(String namespace, Function function) throws IOException, InterruptedException {
        HttpResponse<String> made = admin("POST", in(namespace, "functions"), TestServer.json(function));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    }

    private static String in(String namespace, String collection) {
        return namespace.equals("default") ? "/api/v1/" + collection : "/api/v1/namespaces/" + namespace + "/" + collection;
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return server.http().send(method, path, body, body == null ? null : "application/json");
    }

    private static String token(String name, String role, String namespace) throws IOException, InterruptedException {
        HttpResponse<String> made = admin("POST", "/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role
                + "\", \"namespaces\": [\"" + namespace + "\"]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return TestHttpClient.json(made).get("token").asText();
    }

    private static HttpResponse<String> event(TestHttpClient client, String path, String id) throws IOException, InterruptedException {
        return client.send("POST", path, "{\"specversion\": \"1.0\", \"type\": \"order.paid\", \"source\": \"/tests\", \"id\": \""
                + id + "\", \"data\": {\"id\": \"" + id + "\"}}", "application/cloudevents+json");
    }

    /** The ids of the events the recorder {@code function} of {@code namespace} received. */
    private static List<String> received(String namespace, String function) throws IOException, InterruptedException {
        String log = admin("GET", in(namespace, "functions") + "/" + function + "/logs?tail=100000", null).body();
        List<String> ids = new ArrayList<>();
        for (String line : log.split("\n")) {
            int at = line.indexOf("RECEIVED ");
            if (at >= 0) {
                ids.add(TestServer.read(line.substring(at + "RECEIVED ".length())).get("id").asText());
            }
        }
        return ids;
    }

    private static List<String> names(HttpResponse<String> list) {
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        TestServer.read(list.body()).get("items").forEach(item -> names.add(item.at("/metadata/name").asText()));
        return names;
    }

    @Test
    void theSameBrokerAndTriggerNames_inTwoNamespaces_deliverWithinTheirOwn() throws Exception {
        assertThat(event(server.http(), "/brokers/orders.ev-a/events", "to-a").statusCode()).isEqualTo(202);
        assertThat(event(server.http(), "/brokers/orders.ev-b/events", "to-b").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> received("ev-a", "sink").contains("to-a")
                && received("ev-b", "sink").contains("to-b"));
        assertThat(received("ev-a", "sink")).doesNotContain("to-b");
        assertThat(received("ev-b", "sink")).doesNotContain("to-a");
        JsonNode broker = TestServer.read(admin("GET", in("ev-a", "brokers") + "/orders", null).body());
        assertThat(broker.at("/metadata/namespace").asText()).isEqualTo("ev-a");
        assertThat(broker.at("/status/address").asText()).endsWith("/brokers/orders.ev-a/events");
        assertThat(names(admin("GET", in("ev-b", "triggers"), null))).containsExactly("all");
        assertThat(names(admin("GET", in("default", "brokers"), null))).doesNotContain("orders", "orders.ev-a");
        assertThat(event(server.http(), "/brokers/orders/events", "nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void aTrigger_reachesOnlyItsOwnNamespacesBrokersAndFunctions() throws Exception {
        deploy("ev-b", recorder("only-in-b", "    return 'ok'\n"));
        HttpResponse<String> otherFunction = admin("POST", in("ev-a", "triggers"), """
                {"metadata": {"name": "steal"}, "spec": {"broker": "orders", "subscriber": {"function": "only-in-b"}}}""");
        assertThat(otherFunction.statusCode()).isEqualTo(400);
        assertThat(otherFunction.body()).contains("spec.subscriber.function").contains("in the namespace ev-a");
        HttpResponse<String> keyed = admin("POST", in("ev-a", "triggers"), """
                {"metadata": {"name": "steal"}, "spec": {"broker": "orders", "subscriber": {"function": "sink.ev-b"}}}""");
        assertThat(keyed.statusCode()).isEqualTo(400);
        HttpResponse<String> otherBroker = admin("POST", in("ev-a", "triggers"), """
                {"metadata": {"name": "steal"}, "spec": {"broker": "orders.ev-b", "subscriber": {"function": "sink"}}}""");
        assertThat(otherBroker.statusCode()).isEqualTo(400);
        HttpResponse<String> cron = admin("POST", in("ev-a", "crontriggers"), """
                {"metadata": {"name": "steal"}, "spec": {"schedule": "* * * * *", "sink": {"function": "only-in-b"}}}""");
        assertThat(cron.statusCode()).isEqualTo(400);
        HttpResponse<String> mismatch = admin("POST", in("ev-a", "brokers"), "{\"metadata\": {\"name\": \"x\", \"namespace\": \"ev-b\"}}");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("metadata.namespace");
        assertThat(names(admin("GET", in("ev-a", "triggers"), null))).contains("all").doesNotContain("steal");
        assertThat(names(admin("GET", in("ev-a", "crontriggers"), null))).doesNotContain("steal");
        assertThat(names(admin("GET", in("ev-a", "brokers"), null))).contains("orders").doesNotContain("x");
    }

    @Test
    void tokens_reachTheEventsOfTheirNamespacesOnly_andNothingChangesOutside() throws Exception {
        TestHttpClient developer = server.http().withToken(developerA);
        TestHttpClient invoker = server.http().withToken(invokerA);
        assertThat(developer.get(in("ev-a", "brokers")).statusCode()).isEqualTo(200);
        assertThat(developer.send("POST", in("ev-b", "brokers"), "{\"metadata\": {\"name\": \"planted\"}}", "application/json")
                .statusCode()).isEqualTo(403);
        assertThat(developer.send("DELETE", in("ev-b", "triggers") + "/all", null, null).statusCode()).isEqualTo(403);
        assertThat(developer.send("DELETE", in("ev-b", "brokers") + "/orders", null, null).statusCode()).isEqualTo(403);
        assertThat(developer.get(in("ev-b", "triggers")).statusCode()).isEqualTo(403);
        assertThat(developer.get(in("ev-b", "deadletters")).statusCode()).isEqualTo(403);
        assertThat(developer.get(in("ev-b", "crontriggers")).statusCode()).isEqualTo(403);
        assertThat(developer.get(in("default", "brokers")).statusCode()).isEqualTo(403);
        assertThat(developer.send("POST", in("ev-b", "topics") + "/anything/messages", "hi", "text/plain").statusCode())
                .isEqualTo(403);
        assertThat(event(invoker, "/brokers/orders.ev-b/events", "forged").statusCode()).isEqualTo(403);
        assertThat(event(invoker, "/brokers/default/events", "forged").statusCode()).isEqualTo(403);
        assertThat(event(invoker, "/brokers/orders.ev-a/events", "allowed").statusCode()).isEqualTo(202);
        assertThat(invoker.send("POST", in("ev-a", "brokers"), "{\"metadata\": {\"name\": \"x\"}}", "application/json")
                .statusCode()).isEqualTo(403);

        assertThat(names(admin("GET", in("ev-b", "brokers"), null))).containsExactly("orders");
        assertThat(names(admin("GET", in("ev-b", "triggers"), null))).containsExactly("all");
        await().atMost(Duration.ofSeconds(30)).until(() -> received("ev-a", "sink").contains("allowed"));
        assertThat(received("ev-b", "sink")).doesNotContain("forged");
    }

    @Test
    void aFunctionsSink_takesEventsIntoItsOwnNamespace_andNoOther() throws Exception {
        deploy("ev-a", TestFunctions.python("where", "import os\ndef handle(req):\n    return os.environ['K_SINK']\n"));
        assertThat(admin("POST", in("ev-a", "brokers"), "{\"metadata\": {\"name\": \"default\"}}").statusCode()).isEqualTo(201);
        assertThat(admin("POST", in("ev-a", "triggers"), """
                {"metadata": {"name": "from-sink"}, "spec": {"broker": "default", "subscriber": {"function": "sink"}}}""")
                .statusCode()).isEqualTo(201);
        String sink = server.anonymous().post("/function/where.ev-a", "{}", null).body();
        assertThat(sink).contains("/sink/ev-a/").endsWith("/brokers/default/events");
        String endpoint = server.server().functionsUrl();

        assertThat(raw(sink, "via-sink").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> received("ev-a", "sink").contains("via-sink"));

        String key = sink.substring(sink.indexOf("/sink/ev-a/") + "/sink/ev-a/".length(), sink.indexOf("/brokers/"));
        assertThat(raw(endpoint + "/sink/ev-b/" + key + "/brokers/orders/events", "crossed").statusCode()).isEqualTo(403);
        assertThat(raw(endpoint + "/sink/default/" + key + "/brokers/default/events", "crossed").statusCode()).isEqualTo(403);
        assertThat(raw(endpoint + "/sink/ev-a/" + key + "/brokers/orders.ev-b/events", "crossed").statusCode()).isEqualTo(404);
        assertThat(raw(endpoint + "/brokers/orders.ev-b/events", "crossed").statusCode()).isEqualTo(403);
        assertThat(raw(endpoint + "/brokers/default/events", "crossed").statusCode()).isEqualTo(403);
        assertThat(received("ev-b", "sink")).doesNotContain("crossed");
    }

    /** A structured CloudEvent posted with no token, as a function posts to its sink. */
    private static HttpResponse<String> raw(String url, String id) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"specversion\": \"1.0\", \"type\": \"t\", \"source\": \"/f\", "
                            + "\"id\": \"" + id + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void topicsAndDeadLetters_liveInTheirNamespace() throws Exception {
        deploy("ev-a", TestFunctions.python("failing", "def handle(req):\n    raise RuntimeError('no')\n"));
        assertThat(admin("POST", in("ev-a", "topics"), "{\"metadata\": {\"name\": \"jobs\"}}").statusCode()).isEqualTo(201);
        HttpResponse<String> trigger = admin("POST", in("ev-a", "triggers"), """
                {"metadata": {"name": "jobs-fail"}, "spec": {"topic": "jobs", "subscriber": {"function": "failing"},
                 "delivery": {"retry": 0}}}""");
        assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(201);
        assertThat(admin("POST", in("ev-a", "topics") + "/jobs/messages", "{\"job\": 1}").statusCode()).isEqualTo(202);
        assertThat(admin("POST", in("ev-b", "topics") + "/jobs/messages", "{\"job\": 1}").statusCode()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestServer.read(admin("GET", in("ev-a", "deadletters"), null).body()).get("items").size() == 1);
        JsonNode letter = TestServer.read(admin("GET", in("ev-a", "deadletters"), null).body()).get("items").get(0);
        assertThat(letter.get("trigger").asText()).isEqualTo("jobs-fail");
        long id = letter.get("id").asLong();
        assertThat(TestServer.read(admin("GET", in("default", "deadletters"), null).body()).get("items")).isEmpty();
        assertThat(admin("POST", in("default", "deadletters") + "/" + id + "/replay", null).statusCode()).isEqualTo(404);
        assertThat(admin("POST", in("ev-b", "deadletters") + "/" + id + "/replay", null).statusCode()).isEqualTo(404);
        assertThat(TestServer.read(admin("GET", in("ev-a", "deadletters") + "?trigger=jobs-fail", null).body()).get("items"))
                .hasSize(1);
        assertThat(admin("POST", in("ev-a", "deadletters") + "/" + id + "/replay", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aNamespaceHoldingEvents_isDeletedOnlyWhenForced_withThem() throws Exception {
        assertThat(admin("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"ev-gone\"}}").statusCode()).isEqualTo(201);
        assertThat(admin("POST", in("ev-gone", "brokers"), "{\"metadata\": {\"name\": \"orders\"}}").statusCode()).isEqualTo(201);
        assertThat(admin("POST", in("ev-gone", "topics"), "{\"metadata\": {\"name\": \"jobs\"}}").statusCode()).isEqualTo(201);

        HttpResponse<String> refused = admin("DELETE", "/api/v1/namespaces/ev-gone", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("broker orders").contains("topic jobs").contains("--force");
        assertThat(admin("DELETE", "/api/v1/namespaces/ev-gone?force=true", null).statusCode()).isEqualTo(200);

        assertThat(admin("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"ev-gone\"}}").statusCode()).isEqualTo(201);
        assertThat(names(admin("GET", in("ev-gone", "brokers"), null))).isEmpty();
        assertThat(names(admin("GET", in("ev-gone", "topics"), null))).isEmpty();
        assertThat(event(server.http(), "/brokers/orders.ev-gone/events", "late").statusCode()).isEqualTo(404);
    }

    @Test
    void namespacedEvents_surviveARestart_andACronTicksIntoItsNamespacesFunction(@TempDir Path dataDir) throws Exception {
        Instant now = Instant.now();
        Instant nextMinute = now.plusSeconds(60 - now.getEpochSecond() % 60).minusNanos(now.getNano());
        // Two seconds short of a minute's end, so that '* * * * *' ticks soon.
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(now, nextMinute).minusSeconds(2));
        TestServer own = TestServer.start(dataDir, EventsConfig.defaults().withClock(clock));
        try {
            assertThat(own.send("POST", "/api/v1/namespaces", "{\"metadata\": {\"name\": \"ev-r\"}}").statusCode()).isEqualTo(201);
            assertThat(own.send("POST", in("ev-r", "functions"), TestServer.json(recorder("ticked", "    return 'ok'\n")))
                    .statusCode()).isEqualTo(201);
            own.deploy(recorder("ticked", "    return 'ok'\n"));
            assertThat(own.send("POST", in("ev-r", "crontriggers"), """
                    {"metadata": {"name": "every-minute"}, "spec": {"schedule": "* * * * *", "sink": {"function": "ticked"}}}""")
                    .statusCode()).isEqualTo(201);
            assertThat(own.send("POST", in("ev-r", "brokers"), "{\"metadata\": {\"name\": \"orders\"}}").statusCode()).isEqualTo(201);
            assertThat(own.send("POST", in("ev-r", "triggers"), """
                    {"metadata": {"name": "all"}, "spec": {"broker": "orders", "subscriber": {"function": "ticked"}}}""")
                    .statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).until(() -> logOf(own, "ev-r", "ticked").contains("dev.knative.sources.ping"));
            assertThat(logOf(own, "default", "ticked")).doesNotContain("RECEIVED");

            own.restart(EventsConfig.defaults().withClock(clock));

            assertThat(names(own.send("GET", in("ev-r", "crontriggers"), null))).containsExactly("every-minute");
            assertThat(names(own.send("GET", in("ev-r", "triggers"), null))).containsExactly("all");
            assertThat(names(own.send("GET", "/api/v1/crontriggers", null))).isEmpty();
            assertThat(own.send("POST", "/brokers/orders.ev-r/events", "{\"specversion\": \"1.0\", \"type\": \"t\", "
                    + "\"source\": \"/s\", \"id\": \"after-restart\"}", "application/cloudevents+json").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> logOf(own, "ev-r", "ticked").contains("after-restart"));
        } finally {
            own.close();
        }
    }

    private static String logOf(TestServer server, String namespace, String function) {
        return server.send("GET", in(namespace, "functions") + "/" + function + "/logs?tail=100000", null).body();
    }
}

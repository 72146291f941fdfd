package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unordered triggers through the real server: several events in flight at once, each delivered
 * once; retries and dead letters per event; nothing accepted lost across a restart; and the
 * delivery fields' validation through the REST API.
 */
class UnorderedDeliveryIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    /**
     * Python's {@code print} from several threads at once may merge lines (it writes the text and
     * the newline apart), so handlers called concurrently print through this: one locked write.
     */
    static final String SAY = """
            import sys, threading
            said = threading.Lock()
            def say(text):
                with said:
                    sys.stdout.write(text + '\\n')
                    sys.stdout.flush()
            """;

    /**
     * Answers 503 (retried) until the file {@code open} exists in its code directory, then records
     * each event it takes as a {@code RECEIVED} line with the event's id.
     */
    static final String CLOSED_UNTIL_OPENED = SAY + """
            import json, os
            def handler(event, context):
                if not os.path.exists(os.path.join(os.environ['SKIFF_CODE_DIR'], 'open')):
                    return ('closed', 503)
                say('RECEIVED ' + json.dumps({'id': event['extensions']['request'].headers.get('ce-id')}))
                return 'ok'
            """;

    /**
     * One instance serving every call at once (a thread each). Each call prints ARRIVED with the
     * calls in progress, waits while the code directory has no file 'open' (when {@code gated}),
     * then prints RECEIVED with its try; data 'fail' answers 500, 'flaky' 503 on its first try.
     */
    static Function subscriber(String name, boolean gated) {
        Function function = TestFunctions.python(name, "main.handler", SAY + """
                import json, os, threading, time
                GATED = %s
                lock = threading.Lock()
                calls = {'now': 0}
                tries = {}
                def handler(event, context):
                    req = event['extensions']['request']
                    eid = req.headers.get('ce-id')
                    with lock:
                        calls['now'] += 1
                        tries[eid] = tries.get(eid, 0) + 1
                        n, now = tries[eid], calls['now']
                    try:
                        say('ARRIVED ' + json.dumps({'id': eid, 'inflight': now}))
                        while GATED and not os.path.exists(os.path.join(os.environ['SKIFF_CODE_DIR'], 'open')):
                            time.sleep(0.02)
                        say('RECEIVED ' + json.dumps({'id': eid, 'try': n}))
                        data = req.body.decode()
                        if 'fail' in data:
                            return ('broken', 500)
                        if 'flaky' in data and n == 1:
                            return ('not yet', 503)
                        return 'ok'
                    finally:
                        with lock:
                            calls['now'] -= 1
                """.formatted(gated ? "True" : "False"));
        return function.withSpec(function.spec().toBuilder().concurrency(0).scale(ScaleSpec.bounds(1, 1)).build());
    }

    private static void open(String function) throws Exception {
        open(server, function);
    }

    /** Creates the file 'open' in the function's code directory, which a gated {@link #subscriber} waits for. */
    static void open(TestServer server, String function) throws Exception {
        server.signal(function, "open");
    }

    private static HttpResponse<String> sendEvent(String broker, String id, String data) {
        return server.send(server.request("/brokers/" + broker + "/events")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", "job")
                .header("ce-source", "/unordered-it").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("\"" + data + "\"")).build());
    }

    private static void sendAll(String broker, List<String> ids) {
        for (String id : ids) {
            assertThat(sendEvent(broker, id, id).statusCode()).isEqualTo(202);
        }
    }

    private static void create(String collection, String body) {
        HttpResponse<String> created = server.send("POST", "/api/v1/" + collection, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static List<JsonNode> printed(String function, String marker) {
        return printed(server, function, marker);
    }

    /** What the function printed after {@code marker}, in order. */
    static List<JsonNode> printed(TestServer server, String function, String marker) {
        String log = server.send("GET", "/api/v1/functions/" + function + "/logs?tail=100000", null).body();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            int at = line.indexOf(marker + " ");
            if (at >= 0) {
                lines.add(TestServer.read(line.substring(at + marker.length() + 1)));
            }
        }
        return lines;
    }

    private static Map<String, Integer> receivedCounts(String function) {
        return receivedCounts(server, function);
    }

    /** How many times each event was received by a {@link #subscriber}. */
    static Map<String, Integer> receivedCounts(TestServer server, String function) {
        Map<String, Integer> counts = new HashMap<>();
        printed(server, function, "RECEIVED").forEach(line -> counts.merge(line.get("id").asText(), 1, Integer::sum));
        return counts;
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    }

    private static JsonNode deadLetters(String trigger) {
        return TestServer.read(server.send("GET", "/api/v1/deadletters?trigger=" + trigger, null).body()).get("items");
    }

    @Test
    void unorderedTrigger_fillsItsWindow_thenDeliversEveryEventExactlyOnce() throws Exception {
        server.deploy(subscriber("u-many", true));
        create("brokers", "{\"metadata\": {\"name\": \"u-many\"}}");
        create("triggers", """
                {"metadata": {"name": "u-many"}, "spec": {"broker": "u-many", "subscriber": {"function": "u-many"},
                 "delivery": {"ordering": "unordered", "maxInFlight": 4}}}""");
        List<String> sent = ids("m", 12);
        sendAll("u-many", sent);

        await().atMost(Duration.ofSeconds(30)).until(() -> printed("u-many", "ARRIVED").size() >= 4);
        List<JsonNode> held = printed("u-many", "ARRIVED");
        assertThat(held).as("the gate holds every call: the window has 4 in flight, no more").hasSize(4);
        assertThat(held).extracting(line -> line.get("inflight").asInt()).contains(4);
        open("u-many");

        await().atMost(Duration.ofSeconds(30)).until(() -> receivedCounts("u-many").size() == sent.size());
        Map<String, Integer> counts = receivedCounts("u-many");
        assertThat(counts).containsOnlyKeys(sent);
        assertThat(counts.values()).as("each event once").containsOnly(1);
        assertThat(printed("u-many", "ARRIVED")).extracting(line -> line.get("inflight").asInt()).allMatch(n -> n <= 4);
    }

    @Test
    void unorderedTrigger_retriesAndDeadLettersEachEventOnItsOwn() {
        server.deploy(subscriber("u-retry", false));
        create("brokers", "{\"metadata\": {\"name\": \"u-retry\"}}");
        create("triggers", """
                {"metadata": {"name": "u-retry"}, "spec": {"broker": "u-retry", "subscriber": {"function": "u-retry"},
                 "delivery": {"ordering": "unordered", "maxInFlight": 8, "retry": 2, "backoffPolicy": "linear",
                              "backoffDelay": "PT0.05S"}}}""");
        sendAll("u-retry", List.of("ok1", "fail1", "flaky1", "ok2", "fail2", "flaky2"));

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("u-retry").size() == 2
                && receivedCounts("u-retry").keySet().containsAll(List.of("ok1", "ok2", "flaky1", "flaky2")));
        assertThat(deadLetters("u-retry")).extracting(letter -> letter.at("/event/id").asText())
                .containsExactlyInAnyOrder("fail1", "fail2");
        assertThat(deadLetters("u-retry")).extracting(letter -> letter.get("attempts").asInt()).containsOnly(3);
        assertThat(receivedCounts("u-retry")).containsAllEntriesOf(Map.of("ok1", 1, "ok2", 1, "flaky1", 2, "flaky2", 2,
                "fail1", 3, "fail2", 3));
    }

    @Test
    void unorderedTrigger_eventsAcceptedBeforeARestart_areAllDeliveredAfterIt() throws Exception {
        server.deploy(TestFunctions.python("u-later", "main.handler", CLOSED_UNTIL_OPENED));
        create("brokers", "{\"metadata\": {\"name\": \"u-durable\"}}");
        create("triggers", """
                {"metadata": {"name": "u-later"}, "spec": {"broker": "u-durable", "subscriber": {"function": "u-later"},
                 "delivery": {"ordering": "unordered", "maxInFlight": 4, "retry": 100, "backoffPolicy": "linear",
                              "backoffDelay": "PT0.05S"}}}""");
        List<String> sent = ids("r", 10);
        sendAll("u-durable", sent);

        server.restart();
        open("u-later");

        await().atMost(Duration.ofSeconds(60)).until(() -> receivedCounts("u-later").keySet().containsAll(sent));
        assertThat(receivedCounts("u-later")).containsOnlyKeys(sent);
        assertThat(deadLetters("u-later")).isEmpty();
    }

    @Test
    void triggerDelivery_badOrderingOrBound_is400NamingTheField() {
        server.deploy(TestFunctions.python("u-any", "def handle(req):\n    return 'ok'\n"));
        create("brokers", "{\"metadata\": {\"name\": \"u-valid\"}}");
        Map<String, String> refused = Map.of(
                "{\"ordering\": \"sideways\"}", "spec.delivery.ordering: 'sideways' is not one of ordered, unordered",
                "{\"ordering\": \"unordered\", \"maxInFlight\": 0}", "spec.delivery.maxInFlight: is 0; must be between 1 and 1000",
                "{\"maxInFlight\": 8}", "spec.delivery.maxInFlight: is 8, but an ordered trigger has one event in flight");
        refused.forEach((delivery, message) -> {
            HttpResponse<String> answer = server.send("POST", "/api/v1/triggers", """
                    {"metadata": {"name": "u-bad"}, "spec": {"broker": "u-valid", "subscriber": {"function": "u-any"},
                     "delivery": %s}}""".formatted(delivery));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            JsonNode body = TestServer.read(answer.body());
            assertThat(body.get("error").asText()).isEqualTo("ValidationFailed");
            assertThat(body.get("message").asText()).contains(message);
        });
        HttpResponse<String> broker = server.send("POST", "/api/v1/brokers",
                "{\"metadata\": {\"name\": \"u-bad\"}, \"spec\": {\"delivery\": {\"ordering\": \"unordered\"}}}");
        assertThat(broker.statusCode()).isEqualTo(400);
        assertThat(TestServer.read(broker.body()).get("message").asText())
                .contains("spec.delivery.ordering: is set per trigger, not on a broker");

        HttpResponse<String> ordered = server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "u-default"}, "spec": {"broker": "u-valid", "subscriber": {"function": "u-any"}}}""");
        HttpResponse<String> unordered = server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "u-default-unordered"}, "spec": {"broker": "u-valid", "subscriber": {"function": "u-any"},
                 "delivery": {"ordering": "unordered"}}}""");
        assertThat(TestServer.read(ordered.body()).at("/spec/delivery/ordering").asText()).isEqualTo("ordered");
        assertThat(TestServer.read(ordered.body()).at("/spec/delivery/maxInFlight").asInt()).isEqualTo(1);
        assertThat(TestServer.read(unordered.body()).at("/spec/delivery/maxInFlight").asInt()).isEqualTo(32);
    }
}

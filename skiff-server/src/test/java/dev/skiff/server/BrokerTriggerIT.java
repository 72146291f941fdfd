package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Brokers and triggers through the real server: CloudEvents in, filtered deliveries, replies, dead letters, replay. */
class BrokerTriggerIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    /** A function that prints what it receives (read back from its log) and then does {@code behaviour}. */
    static String recorder(String behaviour) {
        return """
                import json, os
                def handler(event, context):
                    req = event['extensions']['request']
                    print('RECEIVED ' + json.dumps({'type': req.headers.get('ce-type'), 'id': req.headers.get('ce-id'),
                                                    'data': req.body.decode()}), flush=True)
                """ + behaviour;
    }

    private HttpResponse<String> sendEvent(String broker, String id, String type, String data) {
        return server.send(server.request("/brokers/" + broker + "/events")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", type)
                .header("ce-source", "/tests").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data)).build());
    }

    private List<JsonNode> received(String function) {
        return received(server, function);
    }

    /** What a {@link #recorder} function printed, in order. */
    static List<JsonNode> received(TestServer server, String function) {
        String log = server.send("GET", "/api/v1/functions/" + function + "/logs?tail=100000", null).body();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            int at = line.indexOf("RECEIVED ");
            if (at >= 0) {
                lines.add(TestServer.read(line.substring(at + "RECEIVED ".length())));
            }
        }
        return lines;
    }

    @Test
    void trigger_matchingEvents_areDeliveredInOrderAndOthersAreNot() {
        server.deploy(TestFunctions.python("orders", "main.handler", recorder("    return 'ok'\n")));
        assertThat(server.send("POST", "/api/v1/brokers", "{\"metadata\": {\"name\": \"shop\"}}").statusCode()).isEqualTo(201);
        HttpResponse<String> created = server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "paid"}, "spec": {"broker": "shop", "subscriber": {"function": "orders"},
                 "filters": [{"exact": {"type": "order.paid"}}, {"prefix": {"source": "/te"}}]}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(TestServer.read(created.body()).at("/spec/delivery/retry").asInt()).isEqualTo(10);

        for (int i = 1; i <= 20; i++) {
            assertThat(sendEvent("shop", "e" + i, i % 2 == 0 ? "order.paid" : "order.placed", "{\"n\": " + i + "}").statusCode())
                    .isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> received("orders").size() == 10);
        assertThat(received("orders")).extracting(node -> node.get("id").asText())
                .containsExactly("e2", "e4", "e6", "e8", "e10", "e12", "e14", "e16", "e18", "e20");
    }

    @Test
    void anEventWhoseBodyIsNotTheJsonItsTypeClaims_isDelivered_andTheTriggerGoesOn() {
        server.deploy(TestFunctions.python("tolerant", "main.handler", recorder("    return 'ok'\n")));
        server.send("POST", "/api/v1/brokers", "{\"metadata\": {\"name\": \"mixed\"}}");
        assertThat(server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "everything"}, "spec": {"broker": "mixed", "subscriber": {"function": "tolerant"}}}""")
                .statusCode()).isEqualTo(201);

        assertThat(sendEvent("mixed", "broken", "t", "not json {").statusCode()).isEqualTo(202);
        assertThat(sendEvent("mixed", "empty", "t", "").statusCode()).isEqualTo(202);
        assertThat(sendEvent("mixed", "fine", "t", "{\"n\": 1}").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> received("tolerant").size() == 3);
        assertThat(received("tolerant")).extracting(node -> node.get("data").asText())
                .containsExactly("not json {", "", "{\"n\": 1}");
    }

    @Test
    void ingress_missingRequiredAttribute_is400NamingIt() {
        server.send("POST", "/api/v1/brokers", "{\"metadata\": {\"name\": \"strict\"}}");
        HttpResponse<String> answer = server.send(server.request("/brokers/strict/events")
                .header("ce-specversion", "1.0").header("ce-id", "x").header("ce-source", "/s")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(TestServer.read(answer.body()).get("message").asText()).contains("'type'");
        HttpResponse<String> structured = server.send("POST", "/brokers/strict/events",
                "{\"specversion\": \"1.0\", \"type\": \"t\", \"source\": \"/s\"}", "application/cloudevents+json");
        assertThat(structured.statusCode()).isEqualTo(400);
        assertThat(TestServer.read(structured.body()).get("message").asText()).contains("'id'");
        assertThat(server.send("POST", "/brokers/nowhere/events", "{\"specversion\": \"1.0\", \"type\": \"t\", "
                + "\"source\": \"/s\", \"id\": \"1\"}", "application/cloudevents+json").statusCode()).isEqualTo(404);
    }

    @Test
    void reply_thatIsACloudEvent_isPublishedBackToTheBroker() {
        server.deploy(TestFunctions.python("converter", "main.handler", """
                def handler(event, context):
                    return ('{"image": "cat.png"}', 200, {'ce-specversion': '1.0', 'ce-id': 'r1',
                            'ce-type': 'image.converted', 'ce-source': '/converter', 'Content-Type': 'application/json'})
                """));
        server.deploy(TestFunctions.python("notifier", "main.handler", recorder("    return 'sent'\n")));
        server.send("POST", "/api/v1/brokers", "{\"metadata\": {\"name\": \"images\"}}");
        server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "convert"}, "spec": {"broker": "images", "subscriber": {"function": "converter"},
                 "filters": [{"exact": {"type": "image.uploaded"}}]}}""");
        server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "notify"}, "spec": {"broker": "images", "subscriber": {"function": "notifier"},
                 "filters": [{"suffix": {"type": ".converted"}}]}}""");

        sendEvent("images", "u1", "image.uploaded", "{\"image\": \"cat.png\"}");

        await().atMost(Duration.ofSeconds(30)).until(() -> received("notifier").size() == 1);
        JsonNode delivered = received("notifier").getFirst();
        assertThat(delivered.get("type").asText()).isEqualTo("image.converted");
        assertThat(delivered.get("data").asText()).contains("cat.png");
    }

    @Test
    void failingSubscriber_afterItsRetries_isDeadLetteredAndReplayable() throws Exception {
        server.deploy(TestFunctions.python("flaky", "main.handler", recorder("""
                    if os.path.exists(os.path.join(os.environ['SKIFF_CODE_DIR'], 'healed')):
                        return 'ok'
                    return ('broken', 500)
                """)));
        server.send("POST", "/api/v1/brokers", "{\"metadata\": {\"name\": \"dlq\"}}");
        server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "flaky-trigger"}, "spec": {"broker": "dlq", "subscriber": {"function": "flaky"},
                 "delivery": {"retry": 2, "backoffPolicy": "linear", "backoffDelay": "PT0.05S"}}}""");

        sendEvent("dlq", "lost-1", "job.failed", "{}");

        await().atMost(Duration.ofSeconds(30)).until(() -> TestServer.read(
                server.send("GET", "/api/v1/deadletters?trigger=flaky-trigger", null).body()).get("items").size() == 1);
        JsonNode letter = TestServer.read(server.send("GET", "/api/v1/deadletters?trigger=flaky-trigger", null).body())
                .get("items").get(0);
        assertThat(letter.get("attempts").asInt()).isEqualTo(3);
        assertThat(letter.get("reason").asText()).startsWith("500");
        assertThat(letter.at("/event/id").asText()).isEqualTo("lost-1");
        assertThat(received("flaky")).hasSize(3);

        server.signal("flaky", "healed");
        assertThat(server.send("POST", "/api/v1/deadletters/" + letter.get("id").asLong() + "/replay", "").statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> received("flaky").size() == 4);
        assertThat(received("flaky").getLast().get("id").asText()).isEqualTo("lost-1");
        assertThat(TestServer.read(server.send("GET", "/api/v1/deadletters?trigger=flaky-trigger", null).body())
                .get("items")).isEmpty();
    }

    @Test
    void trigger_unknownBrokerOrFunction_is400NamingTheField() {
        server.send("POST", "/api/v1/brokers", "{\"metadata\": {\"name\": \"b400\"}}");
        HttpResponse<String> noBroker = server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "t1"}, "spec": {"broker": "ghost", "subscriber": {"function": "x"}}}""");
        HttpResponse<String> noFunction = server.send("POST", "/api/v1/triggers", """
                {"metadata": {"name": "t2"}, "spec": {"broker": "b400", "subscriber": {"function": "ghost"}}}""");

        assertThat(noBroker.statusCode()).isEqualTo(400);
        assertThat(noBroker.body()).contains("spec.broker");
        assertThat(noFunction.statusCode()).isEqualTo(400);
        assertThat(noFunction.body()).contains("spec.subscriber.function");
    }
}

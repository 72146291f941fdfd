package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.events.EventsConfig;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers and topics on Apache Kafka: an embedded KRaft broker (one combined controller and broker),
 * and the real server started with {@code --kafka} pointing at it, checked through its HTTP API.
 */
class KafkaEventsIT {
    @TempDir
    static Path dataDir;
    private static KafkaClusterTestKit kafka;
    private static TestServer server;

    @BeforeAll
    static void startKafkaAndServer() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumControllerNodes(1).setNumBrokerNodes(1).build())
                // One broker: the consumer offsets' topic (where triggers commit) cannot have Kafka's default 3 replicas.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        server = TestServer.start(dataDir, kafkaEvents());
    }

    @AfterAll
    static void stopServerAndKafka() throws Exception {
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static EventsConfig kafkaEvents() {
        return EventsConfig.defaults().withKafka(kafka.bootstrapServers());
    }

    private static HttpResponse<String> sendEvent(String broker, String id, String type) {
        return server.send(server.request("/brokers/" + broker + "/events")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", type)
                .header("ce-source", "/kafka-it").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\"}")).build());
    }

    private static void create(String collection, String body) {
        HttpResponse<String> created = server.send("POST", "/api/v1/" + collection, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static List<String> receivedIds(String function) {
        return BrokerTriggerIT.received(server, function).stream().map(node -> node.get("id").asText()).toList();
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void brokerOnKafka_triggerWithFilter_deliversMatchingEventsInOrder() {
        server.deploy(TestFunctions.python("k-orders", "main.handler", BrokerTriggerIT.recorder("    return 'ok'\n")));
        create("brokers", "{\"metadata\": {\"name\": \"k-shop\"}}");
        create("triggers", """
                {"metadata": {"name": "k-paid"}, "spec": {"broker": "k-shop", "subscriber": {"function": "k-orders"},
                 "filters": [{"exact": {"type": "order.paid"}}]}}""");

        for (int i = 1; i <= 30; i++) {
            assertThat(sendEvent("k-shop", "o" + i, i % 3 == 0 ? "order.placed" : "order.paid").statusCode()).isEqualTo(202);
        }

        List<String> paid = IntStream.rangeClosed(1, 30).filter(i -> i % 3 != 0).mapToObj(i -> "o" + i).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedIds("k-orders").size() >= paid.size());
        assertThat(receivedIds("k-orders")).containsExactlyElementsOf(paid);
    }

    @Test
    void topicOnKafka_publishedMessages_fireTheFunctionOncePerMessage() {
        server.deploy(TestFunctions.python("k-photos", "main.handler", BrokerTriggerIT.recorder("    return 'ok'\n")));
        create("topics", "{\"metadata\": {\"name\": \"k-photos\"}}");
        create("triggers", """
                {"metadata": {"name": "k-photo-trigger"}, "spec": {"topic": "k-photos", "subscriber": {"function": "k-photos"}}}""");

        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> published = server.send("POST", "/api/v1/topics/k-photos/messages",
                    "{\"photo\": \"p" + i + ".png\"}", "application/json");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> BrokerTriggerIT.received(server, "k-photos").size() >= 5);
        List<JsonNode> received = BrokerTriggerIT.received(server, "k-photos");
        assertThat(received).extracting(node -> node.get("type").asText()).containsOnly("dev.skiff.topic.message");
        assertThat(received).extracting(node -> TestServer.read(node.get("data").asText()).get("photo").asText())
                .containsExactly("p1.png", "p2.png", "p3.png", "p4.png", "p5.png");
    }

    @Test
    void brokerOnKafka_failingSubscriber_eventReachesTheDeadLetters() {
        server.deploy(TestFunctions.python("k-broken", "main.handler", BrokerTriggerIT.recorder("    return ('broken', 500)\n")));
        create("brokers", "{\"metadata\": {\"name\": \"k-dlq\"}}");
        create("triggers", """
                {"metadata": {"name": "k-broken-trigger"}, "spec": {"broker": "k-dlq", "subscriber": {"function": "k-broken"},
                 "delivery": {"retry": 1, "backoffPolicy": "linear", "backoffDelay": "PT0.05S"}}}""");

        assertThat(sendEvent("k-dlq", "doomed-1", "job.failed").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> TestServer.read(
                server.send("GET", "/api/v1/deadletters?trigger=k-broken-trigger", null).body()).get("items").size() == 1);
        JsonNode letter = TestServer.read(server.send("GET", "/api/v1/deadletters?trigger=k-broken-trigger", null).body())
                .get("items").get(0);
        assertThat(letter.at("/event/id").asText()).isEqualTo("doomed-1");
        assertThat(letter.get("source").asText()).isEqualTo("broker:k-dlq");
        assertThat(letter.get("attempts").asInt()).isEqualTo(2);
        assertThat(letter.get("reason").asText()).startsWith("500");
    }

    @Test
    void brokerOnKafka_eventsAcceptedBeforeARestart_areDeliveredAfterIt() throws Exception {
        server.deploy(TestFunctions.python("k-later", "main.handler", UnorderedDeliveryIT.CLOSED_UNTIL_OPENED));
        create("brokers", "{\"metadata\": {\"name\": \"k-durable\"}}");
        create("triggers", """
                {"metadata": {"name": "k-later-trigger"}, "spec": {"broker": "k-durable", "subscriber": {"function": "k-later"},
                 "delivery": {"retry": 100, "backoffPolicy": "linear", "backoffDelay": "PT0.05S"}}}""");
        for (String id : ids("r", 8)) {
            assertThat(sendEvent("k-durable", id, "job.queued").statusCode()).isEqualTo(202);
        }

        server.restart(kafkaEvents());
        server.signal("k-later", "open");

        await().atMost(Duration.ofSeconds(30)).until(() -> receivedIds("k-later").size() >= 8);
        assertThat(receivedIds("k-later")).containsExactlyElementsOf(ids("r", 8));
    }

    @Test
    void brokerOnKafka_unorderedTrigger_fillsItsWindowAndDeliversEveryEventOnce() throws Exception {
        server.deploy(UnorderedDeliveryIT.subscriber("k-many", true));
        create("brokers", "{\"metadata\": {\"name\": \"k-many\"}}");
        create("triggers", """
                {"metadata": {"name": "k-many"}, "spec": {"broker": "k-many", "subscriber": {"function": "k-many"},
                 "delivery": {"ordering": "unordered", "maxInFlight": 4}}}""");
        List<String> sent = ids("u", 12);
        for (String id : sent) {
            assertThat(sendEvent("k-many", id, "job.queued").statusCode()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> UnorderedDeliveryIT.printed(server, "k-many", "ARRIVED").size() >= 4);
        assertThat(UnorderedDeliveryIT.printed(server, "k-many", "ARRIVED")).as("4 in flight, no more").hasSize(4);
        UnorderedDeliveryIT.open(server, "k-many");

        await().atMost(Duration.ofSeconds(30)).until(() -> UnorderedDeliveryIT.receivedCounts(server, "k-many").size() == 12);
        assertThat(UnorderedDeliveryIT.receivedCounts(server, "k-many")).containsOnlyKeys(sent);
        assertThat(UnorderedDeliveryIT.receivedCounts(server, "k-many").values()).containsOnly(1);
    }

    @Test
    void brokerOnKafka_unorderedTrigger_eventsAcceptedBeforeARestart_areAllDeliveredAfterIt() throws Exception {
        server.deploy(TestFunctions.python("k-u-later", "main.handler", UnorderedDeliveryIT.CLOSED_UNTIL_OPENED));
        create("brokers", "{\"metadata\": {\"name\": \"k-u-durable\"}}");
        create("triggers", """
                {"metadata": {"name": "k-u-later"}, "spec": {"broker": "k-u-durable", "subscriber": {"function": "k-u-later"},
                 "delivery": {"ordering": "unordered", "maxInFlight": 4, "retry": 100, "backoffPolicy": "linear",
                              "backoffDelay": "PT0.05S"}}}""");
        for (String id : ids("ur", 10)) {
            assertThat(sendEvent("k-u-durable", id, "job.queued").statusCode()).isEqualTo(202);
        }

        server.restart(kafkaEvents());
        server.signal("k-u-later", "open");

        await().atMost(Duration.ofSeconds(60)).until(() -> receivedIds("k-u-later").containsAll(ids("ur", 10)));
        assertThat(receivedIds("k-u-later")).containsOnlyElementsOf(ids("ur", 10));
    }
}

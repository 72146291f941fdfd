package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Revisions, traffic splits, tagged routes and rollback through the real server and real workers. */
class TrafficIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static String version(int n) {
        return "def handle(req):\n    return 'v" + n + "'\n";
    }

    private static void deployVersions(String name, int count) {
        server.deploy(TestFunctions.python(name, version(1)));
        for (int n = 2; n <= count; n++) {
            HttpResponse<String> updated = server.send("PUT", "/api/v1/functions/" + name,
                    TestServer.json(TestFunctions.python(name, version(n))));
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> traffic(String name, String table) {
        return server.send("PUT", "/api/v1/functions/" + name + "/traffic", "{\"traffic\": " + table + "}");
    }

    private static Map<String, Integer> count(String path, int requests) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> answer = server.send("POST", path, "");
            assertThat(answer.statusCode()).isEqualTo(200);
            seen.merge(answer.body(), 1, Integer::sum);
        }
        return seen;
    }

    @Test
    void update_newRevisionTakesAllTrafficByDefault() {
        deployVersions("latest", 2);

        assertThat(count("/function/latest", 20)).containsExactly(Map.entry("v2", 20));
        JsonNode status = TestServer.read(server.send("GET", "/api/v1/functions/latest", null).body()).get("status");
        assertThat(status.at("/traffic/0/revisionName").asText()).isEqualTo("latest-00002");
        assertThat(status.at("/traffic/0/latestRevision").asBoolean()).isTrue();
        assertThat(status.at("/traffic/0/percent").asInt()).isEqualTo(100);
    }

    @Test
    void split_sendsEachRevisionItsShare() {
        deployVersions("split", 2);

        HttpResponse<String> split = traffic("split",
                "[{\"revisionName\": \"split-00001\", \"percent\": 70}, {\"revisionName\": \"split-00002\", \"percent\": 30}]");

        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        Map<String, Integer> seen = count("/function/split", 1000);
        assertThat(seen.get("v1")).isBetween(640, 760);
        assertThat(seen.get("v2")).isBetween(240, 360);
        JsonNode revisions = TestServer.read(server.send("GET", "/api/v1/functions/split/revisions", null).body()).get("items");
        assertThat(revisions.get(0).get("name").asText()).isEqualTo("split-00002");
        assertThat(revisions.get(0).get("traffic").asInt()).isEqualTo(30);
        assertThat(revisions.get(1).get("traffic").asInt()).isEqualTo(70);
        assertThat(revisions.get(1).at("/status/ready").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void tag_reachesItsRevisionAloneWithoutAShare() {
        deployVersions("tagged", 2);

        HttpResponse<String> tagged = traffic("tagged",
                "[{\"revisionName\": \"tagged-00001\", \"percent\": 100}, {\"revisionName\": \"tagged-00002\", \"tag\": \"canary\"}]");

        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        assertThat(count("/function/tagged", 20)).containsExactly(Map.entry("v1", 20));
        assertThat(count("/function/tagged@canary", 5)).containsExactly(Map.entry("v2", 5));
        assertThat(TestServer.read(tagged.body()).at("/status/traffic/1/url").asText())
                .isEqualTo(server.url("/function/tagged@canary"));
        HttpResponse<String> unknown = server.send("POST", "/function/tagged@nope", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no route tagged 'nope'").contains("canary");
    }

    @Test
    void pinnedTraffic_newDeployTakesNoneUntilMoved() {
        deployVersions("pinned", 1);
        assertThat(traffic("pinned", "[{\"revisionName\": \"pinned-00001\", \"percent\": 100}]").statusCode()).isEqualTo(200);

        server.send("PUT", "/api/v1/functions/pinned", TestServer.json(TestFunctions.python("pinned", version(2))));

        assertThat(count("/function/pinned", 10)).containsExactly(Map.entry("v1", 10));
        assertThat(traffic("pinned", "[{\"latestRevision\": true, \"percent\": 100}]").statusCode()).isEqualTo(200);
        assertThat(count("/function/pinned", 10)).containsExactly(Map.entry("v2", 10));
    }

    @Test
    void rollback_sendsAllTrafficToThePreviousRevision() {
        deployVersions("undo", 3);

        HttpResponse<String> rolled = server.send("POST", "/api/v1/functions/undo/rollback", null);

        assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
        assertThat(count("/function/undo", 10)).containsExactly(Map.entry("v2", 10));
        assertThat(server.send("POST", "/api/v1/functions/undo/rollback", null).statusCode()).isEqualTo(200);
        assertThat(count("/function/undo", 10)).containsExactly(Map.entry("v1", 10));
        HttpResponse<String> nothingBefore = server.send("POST", "/api/v1/functions/undo/rollback", null);
        assertThat(nothingBefore.statusCode()).isEqualTo(409);
        assertThat(nothingBefore.body()).contains("no revision before undo-00001");
    }

    @Test
    void badSplit_isRefusedAndTheTrafficStaysAsItWas() {
        deployVersions("bad", 2);

        HttpResponse<String> notHundred = traffic("bad",
                "[{\"revisionName\": \"bad-00001\", \"percent\": 70}, {\"revisionName\": \"bad-00002\", \"percent\": 20}]");
        HttpResponse<String> unknown = traffic("bad", "[{\"revisionName\": \"bad-00009\", \"percent\": 100}]");
        HttpResponse<String> malformed = server.send("PUT", "/api/v1/functions/bad/traffic", "{\"trafic\": []}");

        assertThat(notHundred.statusCode()).isEqualTo(400);
        assertThat(TestServer.read(notHundred.body()).get("message").asText()).contains("sum to 90");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no revision 'bad-00009'");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(count("/function/bad", 10)).containsExactly(Map.entry("v2", 10));
    }

    @Test
    void scale_changesTheBoundsWithoutANewRevision() {
        deployVersions("bounded", 1);

        HttpResponse<String> scaled = server.send("PUT", "/api/v1/functions/bounded/scale", "{\"minScale\": 2, \"maxScale\": 4}");

        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
        JsonNode function = TestServer.read(scaled.body());
        assertThat(function.at("/spec/scale/minScale").asInt()).isEqualTo(2);
        assertThat(function.at("/spec/scale/maxScale").asInt()).isEqualTo(4);
        assertThat(function.at("/status/latestCreatedRevision").asText()).isEqualTo("bounded-00001");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> server.instances("bounded").size() == 2);
        HttpResponse<String> inverted = server.send("PUT", "/api/v1/functions/bounded/scale", "{\"minScale\": 5}");
        assertThat(inverted.statusCode()).isEqualTo(400);
        assertThat(inverted.body()).contains("above maxScale 4");
    }
}

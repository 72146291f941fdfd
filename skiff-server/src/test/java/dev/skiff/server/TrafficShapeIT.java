package dev.skiff.server;

import static dev.skiff.server.StrictAnswers.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A traffic table's shares are whole numbers and name each revision once; tags stay separate entries. */
class TrafficShapeIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(TestFunctions.python("shape", "def handle(req):\n    return 'v1'\n"));
    }

    private static HttpResponse<String> traffic(String table) {
        return server.send("PUT", "/api/v1/functions/shape/traffic", "{\"traffic\": " + table + "}");
    }

    private static void assertTrafficUnchanged() {
        JsonNode function = TestServer.read(server.send("GET", "/api/v1/functions/shape", null).body());
        assertThat(function.at("/status/traffic")).hasSize(1);
        assertThat(function.at("/status/traffic/0/percent").asInt()).isEqualTo(100);
    }

    @Test
    void traffic_fractionalPercent_is400SayingItIsNotAWholeNumber() {
        String message = invalid(traffic("[{\"revisionName\": \"shape-00001\", \"percent\": 99.5}, "
                + "{\"latestRevision\": true, \"percent\": 0.5}]"));

        assertThat(message).contains("traffic[0].percent").contains("99.5 is not a whole number").doesNotContain("sum to");
        assertTrafficUnchanged();
    }

    @Test
    void traffic_sameRevisionTwiceWithAShare_is400_whileATagOfItIsASeparateEntry() {
        String message = invalid(traffic("[{\"revisionName\": \"shape-00001\", \"percent\": 50}, "
                + "{\"revisionName\": \"shape-00001\", \"percent\": 50}]"));
        assertTrafficUnchanged();
        HttpResponse<String> tagged = traffic("[{\"revisionName\": \"shape-00001\", \"percent\": 100}, "
                + "{\"revisionName\": \"shape-00001\", \"tag\": \"current\"}]");

        assertThat(message).contains("traffic[1].revisionName").contains("shape-00001").contains("traffic[0]");
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        assertThat(server.send("POST", "/function/shape@current", "").body()).isEqualTo("v1");
        assertThat(traffic("[{\"latestRevision\": true, \"percent\": 100}]").statusCode()).isEqualTo(200);
    }
}

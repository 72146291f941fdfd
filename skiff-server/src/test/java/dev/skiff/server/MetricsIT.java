package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.TestFunctions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} through the real server, after real calls to real workers; and the Grafana
 * dashboard in deploy/monitoring asks only for what the server exposes.
 */
class MetricsIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static final String FAILS_ON_ASK = """
            def handle(req):
                if req.get('fail'):
                    raise ValueError('asked to fail')
                return 'ok'
            """;

    /** Every sample of a scrape, by its name and labels as written. */
    private static Map<String, Double> scrape() {
        HttpResponse<String> response = server.send("GET", "/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    @Test
    void callsAreCountedByStatusAndServingStateIsShown() {
        server.deploy(TestFunctions.python("metered", FAILS_ON_ASK));
        for (int i = 0; i < 5; i++) {
            assertThat(server.send("GET", "/function/metered", null).statusCode()).isEqualTo(200);
        }
        assertThat(server.send("GET", "/function/metered?fail=1", null).statusCode()).isEqualTo(500);
        assertThat(server.send("GET", "/function/metered@nosuchtag", null).statusCode()).isEqualTo(404);

        Map<String, Double> samples = scrape();

        String labels = "function=\"metered\",revision=\"metered-00001\"";
        assertThat(samples).containsEntry("skiff_requests_total{" + labels + ",code=\"200\"}", 5.0)
                .containsEntry("skiff_requests_total{" + labels + ",code=\"500\"}", 1.0)
                .containsEntry("skiff_request_duration_seconds_count{" + labels + "}", 6.0)
                .containsEntry("skiff_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}", 6.0)
                .containsKey("skiff_instances{" + labels + ",state=\"starting\"}")
                .containsEntry("skiff_requests_in_flight{" + labels + "}", 0.0)
                .containsEntry("skiff_traffic_percent{" + labels + "}", 100.0);
        assertThat(samples.get("skiff_request_duration_seconds_sum{" + labels + "}")).isPositive();
        // One at least, and a second may be starting: with concurrency 1 at 70 % utilization, one request
        // in flight asks the autoscaler for two instances (as Knative's does).
        assertThat(samples.get("skiff_instances{" + labels + ",state=\"ready\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(samples).as("a call the gateway refused before choosing a revision is no revision's")
                .doesNotContainKey("skiff_requests_total{" + labels + ",code=\"404\"}");
    }

    @Test
    void aSplitShowsEachRevisionsShare() {
        server.deploy(TestFunctions.python("shared", "def handle(req):\n    return 'v1'\n"));
        HttpResponse<String> updated = server.send("PUT", "/api/v1/functions/shared",
                TestServer.json(TestFunctions.python("shared", "def handle(req):\n    return 'v2'\n")));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        HttpResponse<String> split = server.send("PUT", "/api/v1/functions/shared/traffic",
                "{\"traffic\": [{\"revisionName\": \"shared-00001\", \"percent\": 70},"
                        + " {\"revisionName\": \"shared-00002\", \"percent\": 30}]}");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);

        Map<String, Double> samples = scrape();

        assertThat(samples)
                .containsEntry("skiff_traffic_percent{function=\"shared\",revision=\"shared-00001\"}", 70.0)
                .containsEntry("skiff_traffic_percent{function=\"shared\",revision=\"shared-00002\"}", 30.0);
        JsonNode revisions = TestServer.read(server.send("GET", "/api/v1/functions/shared/revisions", null).body()).get("items");
        for (JsonNode revision : revisions) {
            String name = revision.get("name").asText();
            assertThat(samples.get("skiff_instances{function=\"shared\",revision=\"" + name + "\",state=\"ready\"}"))
                    .as("ready instances of %s, as describe shows them", name)
                    .isEqualTo(revision.at("/status/ready").asDouble());
        }
    }

    @Test
    void theDashboardAsksOnlyForMetricsTheServerExposes() throws IOException {
        // The families the server declares (a family may have no sample yet: no pool, say).
        Set<String> exposed = new HashSet<>();
        for (String line : server.send("GET", "/metrics", null).body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                exposed.add(parts[2]);
                if (parts[3].equals("histogram")) {
                    exposed.addAll(Set.of(parts[2] + "_bucket", parts[2] + "_sum", parts[2] + "_count"));
                }
            }
        }

        JsonNode dashboard = TestServer.read(Files.readString(TestServer.repoFile("deploy/monitoring/skiff-dashboard.json")));
        Set<String> asked = new HashSet<>();
        Pattern metric = Pattern.compile("skiff_[a-z_]+");
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = metric.matcher(expr.asText());
            while (m.find()) {
                asked.add(m.group());
            }
        }
        Matcher m = metric.matcher(dashboard.at("/templating/list/1/definition").asText());
        while (m.find()) {
            asked.add(m.group());
        }
        assertThat(asked).as("metrics the dashboard queries").isNotEmpty();
        assertThat(exposed).containsAll(asked);
        assertThat(Files.readString(TestServer.repoFile("deploy/monitoring/prometheus.yml")))
                .contains("metrics_path: /metrics").contains("127.0.0.1:" + ServerConfig.DEFAULT_PORT);
    }
}

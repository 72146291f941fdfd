package dev.skiff.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.dataplane.InvocationObserver;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.serving.PoolStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text a scrape gets, from counted calls, without a server. */
class PrometheusTextTest {
    private final InvocationMetrics metrics = new InvocationMetrics();
    private final PrometheusText text = new PrometheusText(metrics, new RouteTable(),
            () -> List.of(new PoolStats("python3", 2, 1, 5, 4)), () -> 7, this::workflows);
    private final dev.skiff.server.workflows.JobDurations durations = new dev.skiff.server.workflows.JobDurations(100);

    private dev.skiff.server.workflows.WorkflowFigures workflows() {
        return new dev.skiff.server.workflows.WorkflowFigures(java.util.Map.of("team-a", 1),
                java.util.Map.of("team-a", java.util.Map.of(dev.skiff.core.workflow.JobState.SUCCEEDED, 3)), durations.series());
    }

    @org.junit.jupiter.api.Test
    void workflows_runningJobsByStateAndJobDurations_withAQuotedTransformationEscaped() {
        durations.record("team-a", "m\"Project", 0.3);

        String scraped = text.render();

        org.assertj.core.api.Assertions.assertThat(scraped).contains("skiff_workflows_running{namespace=\"team-a\"} 1\n")
                .contains("skiff_workflow_jobs{namespace=\"team-a\",state=\"succeeded\"} 3\n")
                .contains("skiff_workflow_jobs{namespace=\"team-a\",state=\"failed\"} 0\n")
                .contains("skiff_workflow_job_duration_seconds_bucket{namespace=\"team-a\",transformation=\"m\\\"Project\",le=\"0.5\"} 1\n")
                .contains("skiff_workflow_job_duration_seconds_count{namespace=\"team-a\",transformation=\"m\\\"Project\"} 1\n");
    }

    private void call(String revision, int status, double millis, boolean cold) {
        metrics.completed(new InvocationObserver.Completed("hello", revision, null, 0, 0, Math.round(millis * 1e6), cold,
                status, null, null, null));
    }

    @Test
    void countsCallsByStatusAndDurationPerRevision() {
        call("hello-00001", 200, 0.2, false);
        call("hello-00001", 200, 3, true);
        call("hello-00001", 500, 40, false);
        call("hello-00002", 200, 0.5, false);

        String out = text.render();

        assertThat(out).contains(
                "# TYPE skiff_requests_total counter\n",
                "skiff_requests_total{function=\"hello\",revision=\"hello-00001\",code=\"200\"} 2\n",
                "skiff_requests_total{function=\"hello\",revision=\"hello-00001\",code=\"500\"} 1\n",
                "skiff_requests_total{function=\"hello\",revision=\"hello-00002\",code=\"200\"} 1\n",
                "# TYPE skiff_request_duration_seconds histogram\n",
                // Cumulative: 0.2 ms is under 0.5 ms; 3 ms under 5 ms; 40 ms under 50 ms.
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00001\",le=\"0.0005\"} 1\n",
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00001\",le=\"0.0025\"} 1\n",
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00001\",le=\"0.005\"} 2\n",
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00001\",le=\"0.025\"} 2\n",
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00001\",le=\"0.05\"} 3\n",
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00001\",le=\"60\"} 3\n",
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00001\",le=\"+Inf\"} 3\n",
                "skiff_request_duration_seconds_count{function=\"hello\",revision=\"hello-00001\"} 3\n",
                // A bound is inclusive: 0.5 ms counts under le="0.0005".
                "skiff_request_duration_seconds_bucket{function=\"hello\",revision=\"hello-00002\",le=\"0.0005\"} 1\n",
                "skiff_cold_starts_total{function=\"hello\",revision=\"hello-00001\"} 1\n",
                "skiff_cold_starts_total{function=\"hello\",revision=\"hello-00002\"} 0\n",
                "skiff_pool_waiting_workers{runtime=\"python3\"} 1\n",
                "skiff_pool_taken_total{runtime=\"python3\"} 4\n",
                "skiff_activations_dropped_total 7\n");
        assertThat(sampleValue(out, "skiff_request_duration_seconds_sum{function=\"hello\",revision=\"hello-00001\"}"))
                .isCloseTo(0.0432, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void everySampleLineHasANameItsFamilyDeclares() {
        call("hello-00001", 200, 1, false);
        String out = text.render();
        java.util.Set<String> declared = new java.util.HashSet<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                declared.add(line.split(" ")[2]);
            } else if (!line.startsWith("#")) {
                String name = line.split("[{ ]")[0];
                String family = name.replaceAll("_(bucket|sum|count)$", "");
                assertThat(declared).as(line).containsAnyOf(name, family);
                assertThat(line).matches("[a-z_]+(\\{.*\\})? -?[0-9.eE+-]+");
            }
        }
    }

    private static double sampleValue(String out, String series) {
        for (String line : out.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no sample " + series + " in\n" + out);
    }
}

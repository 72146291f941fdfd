package dev.skiff.server.metrics;

import dev.skiff.core.metrics.PrometheusFormat;
import dev.skiff.core.workflow.JobState;
import dev.skiff.server.workflows.JobDurations;
import dev.skiff.server.workflows.WorkflowFigures;
import java.util.Locale;
import java.util.Map;

/** The workflows' families of {@code /metrics}: workflows running, jobs by state, and job durations. */
final class WorkflowMetricsText {
    private WorkflowMetricsText() {}

    /** Appends the families of {@code figures} to {@code out}. */
    static void render(StringBuilder out, WorkflowFigures figures) {
        PrometheusFormat.family(out, "skiff_workflows_running", "gauge", "Workflows running, by namespace.");
        figures.running().forEach((namespace, n) -> PrometheusFormat.sample(out, "skiff_workflows_running", namespace(namespace), n));
        PrometheusFormat.family(out, "skiff_workflow_jobs", "gauge", "Jobs of the workflows the server keeps, by namespace and state.");
        for (Map.Entry<String, Map<JobState, Integer>> e : figures.jobs().entrySet()) {
            for (JobState state : JobState.values()) {
                PrometheusFormat.sample(out, "skiff_workflow_jobs", namespace(e.getKey()) + ",state=\""
                        + state.name().toLowerCase(Locale.ROOT) + "\"", e.getValue().getOrDefault(state, 0));
            }
        }
        String name = "skiff_workflow_job_duration_seconds";
        PrometheusFormat.family(out, name, "histogram", "Job attempts from their call to their answer, by namespace and transformation "
                + "(the first 100 transformations by name, the rest as other).");
        for (JobDurations.Series series : figures.durations()) {
            String labels = namespace(series.namespace()) + ",transformation=\"" + PrometheusFormat.escape(series.transformation()) + "\"";
            long[] cumulative = series.cumulative();
            for (int i = 0; i < JobDurations.BUCKETS.length; i++) {
                PrometheusFormat.sample(out, name + "_bucket", labels + ",le=\"" + PrometheusFormat.bound(JobDurations.BUCKETS[i]) + "\"",
                        cumulative[i]);
            }
            PrometheusFormat.sample(out, name + "_bucket", labels + ",le=\"+Inf\"", cumulative[cumulative.length - 1]);
            PrometheusFormat.sample(out, name + "_sum", labels, series.seconds());
            PrometheusFormat.sample(out, name + "_count", labels, cumulative[cumulative.length - 1]);
        }
    }

    private static String namespace(String namespace) {
        return "namespace=\"" + PrometheusFormat.escape(namespace) + "\"";
    }
}

package dev.skiff.kubernetes.gateway;

import static dev.skiff.core.metrics.PrometheusFormat.family;
import static dev.skiff.core.metrics.PrometheusFormat.labels;
import static dev.skiff.core.metrics.PrometheusFormat.sample;

import dev.skiff.core.metrics.PrometheusFormat;
import dev.skiff.core.metrics.RequestCounts;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The cluster gateway's {@code /metrics}, under the embedded server's names: every call it forwarded
 * (by status, a duration histogram, cold starts: calls that waited for a pod to become ready), and
 * per revision it routed to, its ready pods, the pods its autoscaler wants, and the requests in
 * flight and queued.
 */
final class ClusterMetrics {
    private final RequestCounts requests = new RequestCounts();

    /** Counts a call that {@code revision} of {@code function} answered (or failed) with {@code status}. */
    void completed(String function, String revision, int status, long nanos, boolean coldStart) {
        requests.record(function, revision, status, nanos, coldStart);
    }

    /** The exposition, with the gauges of {@code revisions}. */
    String render(List<KubernetesBackend.RevisionStats> revisions) {
        StringBuilder out = new StringBuilder(4096);
        PrometheusFormat.requests(out, requests);
        List<KubernetesBackend.RevisionStats> sorted = revisions.stream()
                .sorted(Comparator.comparing((KubernetesBackend.RevisionStats r) -> r.target().revision())).toList();
        family(out, "skiff_instances", "gauge", "Instances of a served revision, by state: ready (taking requests) or starting.");
        for (KubernetesBackend.RevisionStats r : sorted) {
            sample(out, "skiff_instances", labels(r) + ",state=\"ready\"", r.ready());
            sample(out, "skiff_instances", labels(r) + ",state=\"starting\"", Math.max(0, r.desired() - r.ready()));
        }
        gauge(out, sorted, "skiff_desired_instances", "The instances the autoscaler wants for a served revision.",
                KubernetesBackend.RevisionStats::desired);
        gauge(out, sorted, "skiff_requests_in_flight", "Requests a served revision's instances are answering now.",
                KubernetesBackend.RevisionStats::inFlight);
        gauge(out, sorted, "skiff_requests_queued", "Requests waiting for an instance of a served revision (the activator's queue).",
                KubernetesBackend.RevisionStats::queued);
        return out.toString();
    }

    private static void gauge(StringBuilder out, List<KubernetesBackend.RevisionStats> revisions, String name, String help,
                              ToIntFunction<KubernetesBackend.RevisionStats> figure) {
        family(out, name, "gauge", help);
        for (KubernetesBackend.RevisionStats r : revisions) {
            sample(out, name, labels(r), figure.applyAsInt(r));
        }
    }

    private static String labels(KubernetesBackend.RevisionStats revision) {
        return PrometheusFormat.labels(revision.target().function(), revision.target().revision());
    }
}

package dev.skiff.server.metrics;

import dev.skiff.server.dataplane.Route;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.serving.PoolStats;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.workflows.WorkflowFigures;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the server's figures in Prometheus's text format (version 0.0.4), what a
 * Prometheus server scrapes and Grafana charts (seed 001's demo). Counters of every call per
 * revision (by status, a duration histogram, cold starts); gauges of what serves now per revision
 * (instances ready and starting, the autoscaler's wish and panic, whether a namespace quota caps it,
 * requests in flight and waiting, the traffic share); the pre-warmed pools; activation records
 * dropped. Rendered on the event loop from memory: nothing here touches the database.
 */
public final class PrometheusText {
    /** The content type Prometheus expects of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final InvocationMetrics invocations;
    private final RouteTable registry;
    private final Supplier<List<PoolStats>> pools;
    private final LongSupplier activationsDropped;
    private final Supplier<WorkflowFigures> workflows;

    /** The figures of these parts of a server. */
    public PrometheusText(InvocationMetrics invocations, RouteTable registry, Supplier<List<PoolStats>> pools,
                          LongSupplier activationsDropped, Supplier<WorkflowFigures> workflows) {
        this.invocations = invocations;
        this.registry = registry;
        this.pools = pools;
        this.activationsDropped = activationsDropped;
        this.workflows = workflows;
    }

    /** Answers {@code GET /metrics} with the whole exposition. */
    public void scrape(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(render());
    }

    /** The whole exposition. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        List<InvocationMetrics.Counts> counts = invocations.counts();
        counts.sort(Comparator.comparing((InvocationMetrics.Counts c) -> c.revision));

        family(out, "skiff_requests_total", "counter", "Finished invocations, by the answer's HTTP status (the error's, when the gateway answered).");
        for (InvocationMetrics.Counts c : counts) {
            for (Map.Entry<Integer, Long> entry : c.byStatus().entrySet()) {
                sample(out, "skiff_requests_total", labels(c.function, c.revision) + ",code=\"" + entry.getKey() + "\"", entry.getValue());
            }
        }
        family(out, "skiff_request_duration_seconds", "histogram", "Time from the gateway taking an invocation to its answer, waiting for an instance included.");
        for (InvocationMetrics.Counts c : counts) {
            long[] cumulative = c.cumulativeBuckets();
            String labels = labels(c.function, c.revision);
            for (int i = 0; i < InvocationMetrics.BUCKETS.length; i++) {
                sample(out, "skiff_request_duration_seconds_bucket", labels + ",le=\"" + bound(InvocationMetrics.BUCKETS[i]) + "\"",
                        cumulative[i]);
            }
            sample(out, "skiff_request_duration_seconds_bucket", labels + ",le=\"+Inf\"", cumulative[cumulative.length - 1]);
            sample(out, "skiff_request_duration_seconds_sum", labels, c.seconds());
            sample(out, "skiff_request_duration_seconds_count", labels, cumulative[cumulative.length - 1]);
        }
        family(out, "skiff_cold_starts_total", "counter", "Invocations that waited for an instance started after they arrived.");
        for (InvocationMetrics.Counts c : counts) {
            sample(out, "skiff_cold_starts_total", labels(c.function, c.revision), c.coldStarts());
        }

        // One reading per served revision, so that its gauges agree with one another.
        List<Served> served = registry.all().stream()
                .sorted(Comparator.comparing((ServedRevision s) -> s.revision().name()))
                .map(this::served).toList();
        family(out, "skiff_instances", "gauge", "Instances of a served revision, by state: ready (taking requests) or starting.");
        for (Served s : served) {
            sample(out, "skiff_instances", s.labels() + ",state=\"ready\"", s.stats().ready());
            sample(out, "skiff_instances", s.labels() + ",state=\"starting\"", s.stats().starting());
        }
        gauge(out, served, "skiff_desired_instances", "The instances the autoscaler wants for a served revision.",
                s -> s.stats().desired());
        gauge(out, served, "skiff_autoscaler_panic", "1 while a served revision's autoscaler is in panic mode.",
                s -> s.stats().panic() ? 1 : 0);
        gauge(out, served, "skiff_quota_capped", "1 while a namespace quota holds a served revision below the instances it wants.",
                s -> s.stats().capped() == null ? 0 : 1);
        gauge(out, served, "skiff_requests_in_flight", "Requests a served revision's instances are answering now.",
                s -> s.stats().inFlight());
        gauge(out, served, "skiff_requests_queued", "Requests waiting for an instance of a served revision (the activator's queue).",
                s -> s.stats().queued());
        gauge(out, served, "skiff_traffic_percent", "A served revision's share of its function's traffic, in percent (0 for a tagged revision with no share).",
                Served::share);

        List<PoolStats> poolStats = pools.get();
        family(out, "skiff_pool_waiting_workers", "gauge", "Generic workers waiting in a runtime's pre-warmed pool.");
        for (PoolStats pool : poolStats) {
            sample(out, "skiff_pool_waiting_workers", "runtime=\"" + escape(pool.pool()) + "\"", pool.waiting());
        }
        family(out, "skiff_pool_taken_total", "counter", "Pooled workers handed to functions (cold starts that skipped the interpreter's start).");
        for (PoolStats pool : poolStats) {
            sample(out, "skiff_pool_taken_total", "runtime=\"" + escape(pool.pool()) + "\"", pool.taken());
        }
        family(out, "skiff_activations_dropped_total", "counter", "Activation records dropped because their writer was behind.");
        sample(out, "skiff_activations_dropped_total", null, activationsDropped.getAsLong());
        WorkflowMetricsText.render(out, workflows.get());
        return out.toString();
    }

    /** A served revision as one scrape reads it: its labels, its activity and its traffic share. */
    private record Served(String labels, ServedRevision.Stats stats, int share) {}

    private Served served(ServedRevision server) {
        Route route = registry.route(server.revision().function());
        return new Served(labels(server.revision().function(), server.revision().name()), server.stats(),
                route == null ? 0 : route.share(server));
    }

    private interface Figure {
        long of(Served revision);
    }

    private static void gauge(StringBuilder out, List<Served> served, String name, String help, Figure figure) {
        family(out, name, "gauge", help);
        for (Served revision : served) {
            sample(out, name, revision.labels(), figure.of(revision));
        }
    }

    static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(String.format(Locale.ROOT, "%.9g", value));
        }
        out.append('\n');
    }

    private static String labels(String function, String revision) {
        return "function=\"" + escape(function) + "\",revision=\"" + escape(revision) + "\"";
    }

    static String bound(double seconds) {
        return java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
    }

    /** A label value as the text format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

package dev.skiff.server.metrics;

import static dev.skiff.core.metrics.PrometheusFormat.escape;
import static dev.skiff.core.metrics.PrometheusFormat.family;
import static dev.skiff.core.metrics.PrometheusFormat.labels;
import static dev.skiff.core.metrics.PrometheusFormat.sample;

import dev.skiff.core.metrics.PrometheusFormat;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.serving.PoolStats;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.workflows.WorkflowFigures;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
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
    public static final String CONTENT_TYPE = PrometheusFormat.CONTENT_TYPE;
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
        PrometheusFormat.requests(out, invocations.counts());

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
}

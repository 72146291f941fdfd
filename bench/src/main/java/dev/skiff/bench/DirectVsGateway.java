package dev.skiff.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop load on one function's worker, straight to the worker's port, through nginx as a
 * keep-alive reverse proxy, and through Skiff's gateway, taking turns at each client count so that
 * drift (JIT, caches, other load) touches all three alike.
 */
final class DirectVsGateway {
    private final LoadGenerator generator;
    private final Target direct;
    private final Target nginx;
    private final Target gateway;

    /** A comparison of {@code direct}, {@code nginx} and {@code gateway}, each run with {@code generator}. */
    DirectVsGateway(LoadGenerator generator, Target direct, Target nginx, Target gateway) {
        this.generator = generator;
        this.direct = direct;
        this.nginx = nginx;
        this.gateway = gateway;
    }

    /**
     * Runs load through the gateway for {@code duration} at {@code clients} clients without
     * recording it, so that the server's code is compiled before the first measured run.
     */
    static void warmUp(Target target, int clients, Duration duration) throws InterruptedException {
        LoadResult result = new LoadGenerator(new LoadGenerator.Settings(duration, Duration.ZERO, Duration.ofSeconds(30)))
                .run(target, clients);
        if (result.firstError() != null) {
            System.err.println("bench: while warming up: " + result.firstError());
        }
    }

    /** Runs direct, nginx then gateway at each client count, reporting progress on stderr. */
    List<Comparison> run(int[] clientCounts) throws InterruptedException {
        List<Comparison> comparisons = new ArrayList<>();
        for (int clients : clientCounts) {
            LoadResult directResult = measure("direct", direct, clients);
            LoadResult nginxResult = measure("nginx", nginx, clients);
            LoadResult gatewayResult = measure("gateway", gateway, clients);
            comparisons.add(new Comparison(clients, directResult, nginxResult, gatewayResult));
        }
        return comparisons;
    }

    private LoadResult measure(String label, Target target, int clients) throws InterruptedException {
        LoadResult result = generator.run(target, clients);
        System.err.printf("bench: %-7s %2d clients: %8s req/s, p50 %s ms, p99 %s ms, %d errors%n", label, clients,
                Units.rate(result.requestsPerSecond()), Units.millis(result.p50()), Units.millis(result.p99()),
                result.errors());
        if (result.firstError() != null) {
            System.err.println("bench:   first failure: " + result.firstError());
        }
        return result;
    }

    /** Every run's own figures. */
    static Table runs(List<Comparison> comparisons) {
        Table table = new Table("runs", "Every run", "run", "clients", "requests", "req/s",
                "p50 ms", "p90 ms", "p99 ms", "max ms", "errors");
        for (Comparison comparison : comparisons) {
            addRun(table, "direct", comparison.direct());
            addRun(table, "nginx", comparison.nginx());
            addRun(table, "gateway", comparison.gateway());
        }
        return table;
    }

    private static void addRun(Table table, String label, LoadResult result) {
        table.row(label + " ×" + result.clients(), Integer.toString(result.clients()), Long.toString(result.requests()),
                Units.rate(result.requestsPerSecond()), Units.millis(result.p50()), Units.millis(result.p90()),
                Units.millis(result.p99()), Units.millis(result.max()), Long.toString(result.errors()));
    }

    /** The gateway against direct and against nginx, one row per client count. */
    static Table ratios(List<Comparison> comparisons) {
        Table table = new Table("gateway_vs_direct", "Gateway against direct and against nginx", "clients",
                "direct req/s", "nginx req/s", "gateway req/s", "throughput gateway/direct", "throughput nginx/direct",
                "throughput gateway/nginx", "direct p50 ms", "added p50 ms nginx", "added p50 ms gateway",
                "p99 ms direct/nginx/gateway", "errors direct/nginx/gateway");
        for (Comparison c : comparisons) {
            LoadResult d = c.direct();
            LoadResult n = c.nginx();
            LoadResult g = c.gateway();
            table.row(Integer.toString(c.clients()),
                    Units.rate(d.requestsPerSecond()), Units.rate(n.requestsPerSecond()), Units.rate(g.requestsPerSecond()),
                    Units.ratio(g.requestsPerSecond(), d.requestsPerSecond()),
                    Units.ratio(n.requestsPerSecond(), d.requestsPerSecond()),
                    Units.ratio(g.requestsPerSecond(), n.requestsPerSecond()),
                    Units.millis(d.p50()), Units.addedMillis(n.p50() - d.p50()), Units.addedMillis(g.p50() - d.p50()),
                    Units.millis(d.p99()) + " / " + Units.millis(n.p99()) + " / " + Units.millis(g.p99()),
                    d.errors() + "/" + n.errors() + "/" + g.errors());
        }
        return table;
    }

    /**
     * Direct, nginx and gateway at one client count.
     *
     * @param clients the number of concurrent clients
     * @param direct the run straight to the worker
     * @param nginx the run through nginx
     * @param gateway the run through the gateway
     */
    record Comparison(int clients, LoadResult direct, LoadResult nginx, LoadResult gateway) {}
}

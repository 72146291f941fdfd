package dev.skiff.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Closed-loop load on one function's worker, straight to the worker's port, through nginx as a
 * keep-alive reverse proxy, and through Skiff's gateway, in rounds: each round runs the three at
 * every client count, each round in a rotated order, so that drift (JIT, caches, other load)
 * touches all three alike and no path always goes first. Each measured period also reads the CPU
 * time of the parts (worker, nginx, Skiff server, load generator).
 */
final class DirectVsGateway {
    static final String DIRECT = "direct";
    static final String NGINX = "nginx";
    static final String GATEWAY = "gateway";
    /** The CPU meter's parts. */
    static final String WORKER = "worker";
    static final String SERVER = "server";
    static final String LOAD = "load";
    static final String STOLEN = "stolen";
    private static final List<String> PATHS = List.of(DIRECT, NGINX, GATEWAY);
    private final LoadGenerator generator;
    private final Map<String, Target> targets;
    private final CpuMeter meter;

    /**
     * A comparison of {@code direct}, {@code nginx} and {@code gateway}, each run with
     * {@code generator}, reading {@code meter} (parts {@link #WORKER}, {@link #NGINX},
     * {@link #SERVER}, {@link #LOAD}, {@link #STOLEN}) over each measured period.
     */
    DirectVsGateway(LoadGenerator generator, Target direct, Target nginx, Target gateway, CpuMeter meter) {
        this.generator = generator;
        this.targets = Map.of(DIRECT, direct, NGINX, nginx, GATEWAY, gateway);
        this.meter = meter;
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

    /** Runs {@code rounds} rounds of the three paths at each client count, reporting progress on stderr. */
    List<Comparison> run(int[] clientCounts, int rounds) throws InterruptedException {
        List<List<Run>> byCount = new ArrayList<>();
        for (int i = 0; i < clientCounts.length; i++) {
            byCount.add(new ArrayList<>());
        }
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < clientCounts.length; i++) {
                for (int p = 0; p < PATHS.size(); p++) {
                    String path = PATHS.get((p + round - 1) % PATHS.size());
                    byCount.get(i).add(measure(path, round, clientCounts[i]));
                }
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < clientCounts.length; i++) {
            comparisons.add(new Comparison(clientCounts[i], byCount.get(i)));
        }
        return comparisons;
    }

    private Run measure(String path, int round, int clients) throws InterruptedException {
        List<Map<String, Long>> readings = new ArrayList<>();
        LoadResult result = generator.run(targets.get(path), clients, () -> readings.add(meter.read()));
        Run run = new Run(path, round, result, CpuMeter.between(readings.get(0), readings.get(1)));
        System.err.printf("bench: round %d %-7s %2d clients: %8s req/s, p50 %s ms, p99 %s ms, %d errors, "
                        + "CPU us/request worker %s, nginx %s, server %s, load %s; stolen %.1f%%%n", round, path, clients,
                Units.rate(result.requestsPerSecond()), Units.millis(result.p50()), Units.millis(result.p99()),
                result.errors(), micros(run.cpuPerRequest(WORKER)), micros(run.cpuPerRequest(NGINX)),
                micros(run.cpuPerRequest(SERVER)), micros(run.cpuPerRequest(LOAD)), run.stolenPercent());
        if (result.firstError() != null) {
            System.err.println("bench:   first failure: " + result.firstError());
        }
        return run;
    }

    /** Every run's own figures. */
    static Table runs(List<Comparison> comparisons) {
        Table table = new Table("runs", "Every run", "round", "run", "clients", "requests", "req/s",
                "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "CPU us/request worker", "CPU us/request proxy",
                "CPU us/request load generator", "stolen %");
        for (Comparison comparison : comparisons) {
            for (Run run : comparison.runs()) {
                LoadResult r = run.result();
                String proxy = switch (run.path()) {
                    case NGINX -> micros(run.cpuPerRequest(NGINX));
                    case GATEWAY -> micros(run.cpuPerRequest(SERVER));
                    default -> "";
                };
                table.row(Integer.toString(run.round()), run.path() + " ×" + r.clients(), Integer.toString(r.clients()),
                        Long.toString(r.requests()), Units.rate(r.requestsPerSecond()), Units.millis(r.p50()),
                        Units.millis(r.p90()), Units.millis(r.p99()), Units.millis(r.max()), Long.toString(r.errors()),
                        micros(run.cpuPerRequest(WORKER)), proxy, micros(run.cpuPerRequest(LOAD)),
                        String.format(Locale.ROOT, "%.1f", run.stolenPercent()));
            }
        }
        return table;
    }

    /**
     * The gateway against direct and against nginx, one row per client count: each figure the
     * median over the rounds, each ratio the median of the rounds' own ratios with their range.
     */
    static Table ratios(List<Comparison> comparisons) {
        Table table = new Table("gateway_vs_direct", "Gateway against direct and against nginx", "clients",
                "direct req/s", "nginx req/s", "gateway req/s", "throughput gateway/direct", "throughput nginx/direct",
                "throughput gateway/nginx", "direct p50 ms", "added p50 ms nginx", "added p50 ms gateway",
                "p99 ms direct/nginx/gateway", "errors direct/nginx/gateway");
        for (Comparison c : comparisons) {
            table.row(Integer.toString(c.clients()),
                    Units.rate(c.median(DIRECT, LoadResult::requestsPerSecond)),
                    Units.rate(c.median(NGINX, LoadResult::requestsPerSecond)),
                    Units.rate(c.median(GATEWAY, LoadResult::requestsPerSecond)),
                    c.throughputRatio(GATEWAY, DIRECT), c.throughputRatio(NGINX, DIRECT), c.throughputRatio(GATEWAY, NGINX),
                    Units.millis(c.median(DIRECT, LoadResult::p50)),
                    Units.addedMillis(c.medianAddedP50(NGINX)), Units.addedMillis(c.medianAddedP50(GATEWAY)),
                    Units.millis(c.median(DIRECT, LoadResult::p99)) + " / " + Units.millis(c.median(NGINX, LoadResult::p99))
                            + " / " + Units.millis(c.median(GATEWAY, LoadResult::p99)),
                    c.errors(DIRECT) + "/" + c.errors(NGINX) + "/" + c.errors(GATEWAY));
        }
        return table;
    }

    /** CPU time per request of each part, the median over the rounds, one row per client count. */
    static Table cpu(List<Comparison> comparisons) {
        Table table = new Table("cpu_per_request", "CPU time per request", "clients",
                "proxy us: nginx", "proxy us: Skiff server", "proxy CPU gateway/nginx",
                "worker us: direct / nginx / gateway", "load generator us: direct / nginx / gateway",
                "all parts us: direct / nginx / gateway", "stolen by the hypervisor, % of the cores");
        for (Comparison c : comparisons) {
            double nginx = c.medianCpu(NGINX, NGINX);
            double server = c.medianCpu(GATEWAY, SERVER);
            table.row(Integer.toString(c.clients()), micros(nginx), micros(server), Units.ratio(server, nginx),
                    micros(c.medianCpu(DIRECT, WORKER)) + " / " + micros(c.medianCpu(NGINX, WORKER)) + " / "
                            + micros(c.medianCpu(GATEWAY, WORKER)),
                    micros(c.medianCpu(DIRECT, LOAD)) + " / " + micros(c.medianCpu(NGINX, LOAD)) + " / "
                            + micros(c.medianCpu(GATEWAY, LOAD)),
                    micros(c.medianTotalCpu(DIRECT, WORKER, LOAD)) + " / " + micros(c.medianTotalCpu(NGINX, WORKER, NGINX, LOAD))
                            + " / " + micros(c.medianTotalCpu(GATEWAY, WORKER, SERVER, LOAD)),
                    String.format(Locale.ROOT, "%.1f (at most %.1f)", c.medianStolenPercent(), c.mostStolenPercent()));
        }
        return table;
    }

    private static String micros(double nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * One measured run.
     *
     * @param path {@link #DIRECT}, {@link #NGINX} or {@link #GATEWAY}
     * @param round which round, from 1
     * @param result what the load generator measured
     * @param cpuNanos the CPU time each part spent in the measured period
     */
    record Run(String path, int round, LoadResult result, Map<String, Long> cpuNanos) {
        /** The time the hypervisor took from this machine's cores, in percent of them all. */
        double stolenPercent() {
            return 100.0 * cpuNanos.getOrDefault(STOLEN, 0L)
                    / ((double) result.measuredNanos() * Runtime.getRuntime().availableProcessors());
        }

        /** A part's CPU time per successful request, in nanoseconds. */
        double cpuPerRequest(String part) {
            return result.requests() == 0 ? 0 : (double) cpuNanos.getOrDefault(part, 0L) / result.requests();
        }
    }

    /**
     * Every round of the three paths at one client count.
     *
     * @param clients the number of concurrent clients
     * @param runs the runs, in the order they ran
     */
    record Comparison(int clients, List<Run> runs) {
        List<Run> of(String path) {
            return runs.stream().filter(r -> r.path().equals(path)).sorted((a, b) -> a.round() - b.round()).toList();
        }

        double median(String path, ToDoubleFunction<LoadResult> value) {
            return DirectVsGateway.median(of(path).stream().mapToDouble(r -> value.applyAsDouble(r.result())).toArray());
        }

        /** The median of the rounds' ratios of {@code path}'s throughput to {@code base}'s, and their range. */
        String throughputRatio(String path, String base) {
            List<Run> paths = of(path);
            List<Run> bases = of(base);
            double[] ratios = new double[paths.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = paths.get(i).result().requestsPerSecond() / bases.get(i).result().requestsPerSecond();
            }
            double low = Arrays.stream(ratios).min().orElse(0);
            double high = Arrays.stream(ratios).max().orElse(0);
            String median = String.format(Locale.ROOT, "%.2f", DirectVsGateway.median(ratios));
            return ratios.length == 1 ? median : String.format(Locale.ROOT, "%s (%.2f–%.2f)", median, low, high);
        }

        /** The median over the rounds of what {@code path} added to the direct p50, in nanoseconds. */
        double medianAddedP50(String path) {
            List<Run> paths = of(path);
            List<Run> directs = of(DIRECT);
            double[] added = new double[paths.size()];
            for (int i = 0; i < added.length; i++) {
                added[i] = paths.get(i).result().p50() - directs.get(i).result().p50();
            }
            return DirectVsGateway.median(added);
        }

        double medianCpu(String path, String part) {
            return DirectVsGateway.median(of(path).stream().mapToDouble(r -> r.cpuPerRequest(part)).toArray());
        }

        double medianTotalCpu(String path, String... parts) {
            return DirectVsGateway.median(of(path).stream()
                    .mapToDouble(r -> Arrays.stream(parts).mapToDouble(r::cpuPerRequest).sum()).toArray());
        }

        /** The median, over every run at this client count, of the cores' time stolen, in percent. */
        double medianStolenPercent() {
            return DirectVsGateway.median(runs.stream().mapToDouble(Run::stolenPercent).toArray());
        }

        double mostStolenPercent() {
            return runs.stream().mapToDouble(Run::stolenPercent).max().orElse(0);
        }

        long errors(String path) {
            return of(path).stream().mapToLong(r -> r.result().errors()).sum();
        }
    }
}

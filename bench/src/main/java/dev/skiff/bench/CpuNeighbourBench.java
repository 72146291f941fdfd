package dev.skiff.bench;

import dev.skiff.api.Function;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.api.ScaleSpec;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A CPU hog's effect on a neighbour: one closed-loop client calls a no-op Python function alone
 * (the baseline), then beside a hog function that keeps one spinning process per core busy, once
 * without a CPU limit and once with {@code spec.resources.limits.cpu} (500m by default), rounds
 * rotating the order. Reports the neighbour's p50 and p99 and their ratios to the baseline, and the
 * hog's CPU use. Writes {@code cpu-neighbour.md} and {@code cpu-neighbour.csv}.
 */
public final class CpuNeighbourBench {
    private static final String NAME = "cpu-neighbour";
    private static final String NEIGHBOUR = "def handle(req):\n    return 'ok'\n";
    /** The first call starts one spinning process per core, children of the instance (so in its cgroup). */
    private static final String HOG = """
            import os, subprocess, sys
            spinners = []
            def handle(req):
                if not spinners:
                    for _ in range(os.cpu_count() or 2):
                        spinners.append(subprocess.Popen([sys.executable, '-c', 'while True: pass']))
                return 'spinning %d' % len(spinners)
            """;

    private CpuNeighbourBench() {}

    /** Which hog runs beside the neighbour. */
    private enum Condition { ALONE, HOG, LIMITED_HOG }

    /** Runs the benchmark; {@code bench.rounds} (3), {@code bench.measure} (5 s), {@code bench.hog-cpu} (500m). */
    public static void main(String[] args) throws Exception {
        int rounds = Options.count("bench.rounds", 3);
        Duration measure = Options.seconds("bench.measure", 5);
        String hogCpu = System.getProperty("bench.hog-cpu", "500m");
        String python = Options.python();
        Report report = new Report("A CPU hog's effect on a neighbour, with and without a CPU limit on the hog",
                Machine.describe(python), ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        Map<Condition, List<LoadResult>> results = new EnumMap<>(Condition.class);
        Map<Condition, List<Double>> hogCores = new EnumMap<>(Condition.class);
        String enforcement;
        try (ScratchDir scratch = ScratchDir.create("skiff-bench-cpu-");
             SkiffServer server = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
                     scratch.path().resolve("data"), python).withPoolSize(0))) {
            enforcement = server.limitEnforcement();
            SkiffApi api = new SkiffApi(server.port(), server.adminToken());
            api.create(SkiffApi.python("neighbour", NEIGHBOUR, 1));
            LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(Duration.ofSeconds(1), measure, Duration.ofSeconds(30)));
            Target neighbour = new Target("127.0.0.1", server.port(), "/function/neighbour");
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < Condition.values().length; i++) {
                    Condition condition = Condition.values()[(round + i) % Condition.values().length];
                    System.err.printf("bench: round %d of %d: %s%n", round + 1, rounds, condition);
                    Phase phase = Phase.start(api, server.port(), condition, hogCpu);
                    CpuMeter meter = phase.meter();
                    List<Map<String, Long>> readings = new ArrayList<>();
                    LoadResult result = load.run(neighbour, 1, () -> readings.add(meter.read()));
                    phase.stop(api);
                    results.computeIfAbsent(condition, c -> new ArrayList<>()).add(result);
                    long hogNanos = CpuMeter.between(readings.get(0), readings.get(1)).getOrDefault("hog", 0L);
                    hogCores.computeIfAbsent(condition, c -> new ArrayList<>()).add(hogNanos / (double) result.measuredNanos());
                }
            }
        }
        report.paragraph(NOTE.formatted(rounds, measure.toSeconds(), hogCpu, enforcement))
                .table(table(results, hogCores, hogCpu));
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    private static Table table(Map<Condition, List<LoadResult>> results, Map<Condition, List<Double>> hogCores, String hogCpu) {
        Table table = new Table("cpu_neighbour", "The neighbour's latency (one client, medians over the rounds)", "beside",
                "neighbour p50 ms", "neighbour p99 ms", "p50 / alone", "p99 / alone", "hog's CPU (cores)", "neighbour req/s");
        double aloneP50 = median(results.get(Condition.ALONE), LoadResult::p50);
        double aloneP99 = median(results.get(Condition.ALONE), LoadResult::p99);
        for (Condition condition : Condition.values()) {
            List<LoadResult> runs = results.get(condition);
            double p50 = median(runs, LoadResult::p50);
            double p99 = median(runs, LoadResult::p99);
            String label = switch (condition) {
                case ALONE -> "nothing (baseline)";
                case HOG -> "a hog without a CPU limit";
                case LIMITED_HOG -> "a hog with limits.cpu " + hogCpu;
            };
            table.row(label, Units.millis(p50), Units.millis(p99), Units.ratio(p50, aloneP50), Units.ratio(p99, aloneP99),
                    condition == Condition.ALONE ? "-" : String.format(Locale.ROOT, "%.2f",
                            hogCores.get(condition).stream().sorted().toList().get(hogCores.get(condition).size() / 2)),
                    Units.rate(median(runs, LoadResult::requestsPerSecond)));
        }
        return table;
    }

    private static double median(List<LoadResult> runs, ToDoubleFunction<LoadResult> value) {
        List<Double> sorted = runs.stream().map(value::applyAsDouble).sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The hog, if any, deployed and spinning for one measured run. */
    private record Phase(String hog, long pid) {
        static Phase start(SkiffApi api, int port, Condition condition, String hogCpu) throws Exception {
            if (condition == Condition.ALONE) {
                return new Phase(null, -1);
            }
            String name = condition == Condition.HOG ? "hog" : "limited-hog";
            Function hog = SkiffApi.python(name, HOG, 1);
            hog = hog.withSpec(hog.spec().toBuilder().scale(ScaleSpec.bounds(1, 1))
                    .resources(condition == Condition.HOG ? null : new ResourceRequirements(null, Map.of("cpu", hogCpu))).build());
            api.create(hog);
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> spinning = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/function/" + name))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!spinning.body().startsWith("spinning")) {
                    throw new IllegalStateException("the hog did not start: " + spinning.body());
                }
            }
            return new Phase(name, api.instances(name).get(0).pid());
        }

        CpuMeter meter() {
            return pid < 0 ? new CpuMeter() : new CpuMeter().processes("hog", pid);
        }

        void stop(SkiffApi api) throws Exception {
            if (hog != null) {
                api.delete(hog);
            }
        }
    }

    private static final String NOTE = """
            %d rounds; in each, one closed-loop client calls a no-op Python function (`concurrency: 1`) \
            for %d s after a 1 s warm-up: alone (the baseline), beside a hog without a CPU limit, and \
            beside a hog with `spec.resources.limits.cpu: %s`, the order rotating each round. The hog is \
            a Python function whose first call starts one process per core spinning `while True: pass`, \
            children of its instance and so in its cgroup; it is deleted (which kills them) after each \
            run. Limits were enforced by: %s. *hog's CPU* is the CPU time the hog's processes used over \
            the measured period, in cores; *p50 / alone* is the neighbour's median beside the hog over \
            its median alone in the same run.""";
}

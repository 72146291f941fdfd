package dev.skiff.bench;

import dev.skiff.api.EventingDefaults;
import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.events.EventsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Events through a broker and a trigger to a no-op Python function, on the embedded SQLite log and
 * on Kafka (an embedded KRaft broker this benchmark starts), with an ordered and an unordered
 * trigger: open-loop posts at fixed offered rates, and closed-loop clients at saturation beside the
 * same function invoked synchronously through the gateway by as many clients. Writes
 * {@code events.md} and {@code events.csv} and prints the Markdown.
 */
public final class EventsBench {
    private static final String NAME = "events";
    private static final double GOAL_EVENTS_PER_SECOND = 2000;
    private static final double GOAL_P50_MILLIS = 5;
    /** An open-loop run keeps up when it delivers at least this share of its offered rate. */
    private static final double KEPT_UP = 0.98;

    private EventsBench() {}

    /** The knobs: the {@code bench.*} system properties listed in bench/README.md. */
    private record Settings(Duration warmUp, Duration measured, Duration drain, Duration jitWarmUp, int[] clients, int[] rates,
                            int connections, int maxInFlight, List<String> orderings, List<String> logs, String python) {
        static Settings read() {
            List<String> orderings = names("bench.orderings", "ordered", "unordered");
            List<String> logs = names("bench.logs", "sqlite", "kafka");
            return new Settings(Options.seconds("bench.warmup", 2), Options.seconds("bench.measure", 5),
                    Options.seconds("bench.drain", 120), Options.seconds("bench.jit-warmup", 3),
                    Options.counts("bench.clients", 1, 16), Options.counts("bench.rates", 2000, 4000),
                    Options.count("bench.open-connections", 32), Options.count("bench.max-in-flight", EventingDefaults.MAX_IN_FLIGHT),
                    orderings, logs, Options.python());
        }

        /** A comma-separated list of some of {@code allowed} (all of them by default). */
        private static List<String> names(String property, String... allowed) {
            List<String> names = List.of(System.getProperty(property, String.join(",", allowed)).split(","));
            if (!List.of(allowed).containsAll(names)) {
                throw new IllegalArgumentException(property + " lists some of " + String.join(", ", allowed) + ", not " + names);
            }
            return names;
        }
    }

    /** The report's tables. */
    private record Tables(Table summary, Table runs, Table baseline) {}

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.read();
        Report report = new Report("Events: ordered and unordered triggers on SQLite and on Kafka, open and closed loop",
                Machine.describe(settings.python()), ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        report.paragraph(METHOD_NOTE.formatted(list(settings.rates()), settings.connections(), settings.maxInFlight(),
                list(settings.clients()), seconds(settings.warmUp()), seconds(settings.measured()), seconds(settings.jitWarmUp()),
                seconds(settings.drain())));
        Tables tables = new Tables(
                new Table("summary", "Against the goals (>= 2,000 events/s delivered and handler p50 < 5 ms, in the same run)",
                        "log, trigger, load", "posted/s", "delivered/s", "handler p50 ms", "handler p99 ms", "goals met"),
                new Table("runs", "Every run", "log, trigger, load", "connections", "accepted/s", "202 p50 ms", "202 p99 ms",
                        "send lag p99 ms", "delivered/s", "handler p50 ms", "handler p99 ms", "accepted", "delivered", "lost",
                        "duplicates", "drain s", "events/invokes"),
                new Table("baseline", "Baseline: the same function invoked synchronously through the gateway", "log, clients",
                        "invokes/s", "invoke p50 ms", "invoke p99 ms"));
        try (ScratchDir scratch = ScratchDir.create("skiff-bench-events-");
             KafkaClusterTestKit kafka = startKafka(scratch.path().resolve("kafka"))) {
            if (settings.logs().contains("sqlite")) {
                measure("sqlite", EventsConfig.defaults(), scratch.path().resolve("data-sqlite"), settings, tables);
            }
            if (settings.logs().contains("kafka")) {
                measure("kafka", EventsConfig.defaults().withKafka(kafka.bootstrapServers()), scratch.path().resolve("data-kafka"),
                        settings, tables);
            }
        }
        report.table(tables.summary()).table(tables.runs()).table(tables.baseline()).paragraph(READING_NOTE);
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    /** A single combined KRaft controller and broker; one replica of the offsets' topic, as there is one broker. */
    private static KafkaClusterTestKit startKafka(Path directory) throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumControllerNodes(1).setNumBrokerNodes(1).setBaseDirectory(directory).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

    private static void measure(String log, EventsConfig events, Path dataDir, Settings settings, Tables tables)
            throws IOException, InterruptedException {
        try (SkiffServer server = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dataDir, settings.python())
                .withEvents(events))) {
            SkiffApi api = new SkiffApi(server.port(), server.adminToken());
            if (!api.ready()) {
                throw new IllegalStateException("the server is not ready");
            }
            Map<String, EventLoad> loads = new HashMap<>();
            for (String ordering : settings.orderings()) {
                loads.put(ordering, subscribe(api, server.port(), server.adminToken(), ordering, settings.maxInFlight()));
            }
            Target invoke = new Target("127.0.0.1", server.port(), "/function/" + sink(settings.orderings().getFirst()));
            int most = Arrays.stream(settings.clients()).max().orElse(1);
            progress(log, "warming up");
            DirectVsGateway.warmUp(invoke, most, settings.jitWarmUp());
            for (String ordering : settings.orderings()) {
                loads.get(ordering).closedLoop(log + "-" + ordering + "-warm", most, settings.jitWarmUp(), Duration.ZERO,
                        settings.drain());
            }
            LoadGenerator sync = new LoadGenerator(new LoadGenerator.Settings(settings.warmUp(), settings.measured(),
                    Duration.ofSeconds(30)));
            Map<Integer, Double> invokesPerSecond = new HashMap<>();
            for (int count : settings.clients()) {
                progress(log, count + " clients, synchronous invocations");
                LoadResult invoked = sync.run(invoke, count);
                invokesPerSecond.put(count, invoked.requestsPerSecond());
                tables.baseline().row(log + ", " + count, Units.rate(invoked.requestsPerSecond()), Units.millis(invoked.p50()),
                        Units.millis(invoked.p99()));
            }
            for (String ordering : settings.orderings()) {
                EventLoad load = loads.get(ordering);
                for (int rate : settings.rates()) {
                    String row = log + ", " + ordering + ", " + rate + "/s open";
                    progress(log, ordering + " trigger, open loop at " + rate + "/s");
                    record(row, load.openLoop(runId(row), rate, settings.connections(), settings.warmUp(), settings.measured(),
                            settings.drain()), Double.NaN, tables);
                }
                for (int count : settings.clients()) {
                    String row = log + ", " + ordering + ", " + count + " closed";
                    progress(log, ordering + " trigger, " + count + " closed-loop clients");
                    record(row, load.closedLoop(runId(row), count, settings.warmUp(), settings.measured(), settings.drain()),
                            invokesPerSecond.get(count), tables);
                }
            }
        }
    }

    /** A sink function, a broker and a trigger of this ordering delivering every event to it. */
    private static EventLoad subscribe(SkiffApi api, int port, String token, String ordering, int maxInFlight)
            throws IOException, InterruptedException {
        Function sink = SkiffApi.of(sink(ordering), "python3", "main.handler", "main.py", EventLoad.SINK);
        api.create(sink.withSpec(sink.spec().toBuilder().concurrency(0).scale(ScaleSpec.bounds(1, 1)).build()));
        api.createResource("brokers", "{\"metadata\": {\"name\": \"" + ordering + "\"}}");
        String delivery = "ordered".equals(ordering) ? "{}" : "{\"ordering\": \"unordered\", \"maxInFlight\": " + maxInFlight + "}";
        api.createResource("triggers", "{\"metadata\": {\"name\": \"" + ordering + "-all\"}, \"spec\": {\"broker\": \"" + ordering
                + "\", \"subscriber\": {\"function\": \"" + sink(ordering) + "\"}, \"delivery\": " + delivery + "}}");
        return new EventLoad(port, token, ordering, sink(ordering));
    }

    private static String sink(String ordering) {
        return "sink-" + ordering;
    }

    private static String runId(String row) {
        return row.replace(", ", "-").replace("/", "").replace(' ', '-');
    }

    /** One run's rows; {@code invokesPerSecond} is the closed loop's synchronous baseline, NaN for an open loop. */
    private static void record(String row, EventLoad.Result result, double invokesPerSecond, Tables tables) {
        if (result.firstError() != null) {
            System.err.println("bench: " + row + ": " + result.firstError());
        }
        double p50 = result.toHandler().percentile(50);
        tables.summary().row(row, Units.rate(result.acceptedPerSecond()), Units.rate(result.deliveredPerSecond()),
                Units.millis(p50), Units.millis(result.toHandler().percentile(99)), goals(result, p50));
        tables.runs().row(row, Integer.toString(result.senders()), Units.rate(result.acceptedPerSecond()),
                Units.millis(result.ingress().percentile(50)), Units.millis(result.ingress().percentile(99)),
                result.offeredPerSecond() > 0 ? Units.millis(result.sendLag().percentile(99)) : "-",
                Units.rate(result.deliveredPerSecond()), Units.millis(p50), Units.millis(result.toHandler().percentile(99)),
                Long.toString(result.accepted()), Long.toString(result.delivered()), Long.toString(result.lost()),
                Long.toString(result.duplicates()), String.format(Locale.ROOT, "%.1f", result.drainMillis() / 1000.0),
                Double.isNaN(invokesPerSecond) ? "-" : Units.ratio(result.deliveredPerSecond(), invokesPerSecond));
    }

    /**
     * Whether one run met both goals. An open loop's throughput goal: an offered rate of at least
     * 2,000/s that delivery kept up with; a closed loop's: at least 2,000 delivered per second.
     */
    private static String goals(EventLoad.Result result, double p50Nanos) {
        boolean fast = p50Nanos < GOAL_P50_MILLIS * 1e6;
        boolean rate = result.offeredPerSecond() > 0
                ? result.offeredPerSecond() >= GOAL_EVENTS_PER_SECOND && result.deliveredPerSecond() >= KEPT_UP * result.offeredPerSecond()
                : result.deliveredPerSecond() >= GOAL_EVENTS_PER_SECOND;
        if (fast && rate) {
            return "yes";
        }
        return "no (" + (fast ? "" : "p50") + (fast || rate ? "" : ", ") + (rate ? "" : "delivered/s") + ")";
    }

    private static void progress(String log, String what) {
        System.err.println("bench: events on " + log + ": " + what);
    }

    private static String seconds(Duration duration) {
        return String.valueOf(duration.toMillis() / 1000.0);
    }

    private static String list(int[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%,d", v)).collect(Collectors.joining(", "));
    }

    private static final String METHOD_NOTE = """
            One server per event log, in turn: the embedded SQLite log, then Kafka (a single combined \
            KRaft controller and broker started in this JVM with kafka-test-common-runtime, `acks=all`). \
            Each server gets two no-op Python functions (`handler(event, context)`, `concurrency: 0`, \
            one instance) that note each event's arrival, and two brokers, each with a trigger without \
            filters delivering every event to one function: an **ordered** trigger (the default: one \
            event in flight, in order) and an **unordered** one (`maxInFlight: %3$d`). An event is \
            answered 202 only once stored. For each trigger: **open loop** at each offered rate (%1$s \
            events/s): %2$d keep-alive connections share one schedule, post k due at k / rate, each sent \
            when due whatever the answers to earlier ones, and stamped with the time it was due, so \
            time a post spent waiting for its connection counts in its latency; then **closed loop** \
            at each client count (%4$s): each client posts the next event once the last was answered \
            202. %5$s s warm-up, %6$s s measured, for every run. The **baseline** is the same function \
            invoked synchronously through the gateway (`GET /function/sink-ordered`) by as many \
            closed-loop clients. Before the first run, %7$s s of unrecorded invocations and events on \
            each trigger compile the server's paths. After each run the benchmark waits (at most %8$s s) \
            until every accepted event reached the function, so no run starts behind.
            """;

    private static final String READING_NOTE = """
            *posted/s* and *accepted/s* are events answered 202 per second in the measured period; \
            *202 p50/p99* their latency from the stamp (open loop: from when the post was due). \
            *send lag p99* is how late the open loop's posts left after they were due (its \
            connections waiting for answers): small means the offered rate really was offered. \
            *delivered/s* is arrivals at the function during the measured period, per second, so it \
            is the delivery rate whether or not delivery keeps up with ingress. *handler p50/p99* is \
            ingress to handler: the function's arrival time minus the event's stamp (carried in the \
            extension attribute `benchsent`; one wall clock on this one machine) for the events \
            stamped in the measured period; when delivery falls behind, it includes the time events \
            queued in the log. *goals met*: handler p50 under 5 ms, and for an open loop an offered \
            rate of at least 2,000/s that delivery kept up with (delivered/s at least 98 % of it: \
            events in flight at the period's two ends make it differ from the offered rate by a \
            little either way), for a closed loop at least 2,000 delivered/s. *lost* is accepted \
            but never delivered (within the drain limit), *duplicates* arrivals beyond an event's \
            first. *events/invokes* is a closed loop's delivered/s over synchronous invokes/s at the \
            same client count. The load generator, the server, Kafka and the workers share this \
            machine's cores, which other work may use too: figures are as measured, and noisy.
            """;
}

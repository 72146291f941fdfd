package dev.skiff.bench;

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
import java.util.stream.Collectors;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Events through a broker and a trigger to a no-op Python function, on the embedded SQLite log and
 * on Kafka (an embedded KRaft broker this benchmark starts), beside the same function invoked
 * synchronously through the gateway by as many clients. Writes {@code events.md} and
 * {@code events.csv} and prints the Markdown.
 */
public final class EventsBench {
    private static final String NAME = "events";
    private static final String SINK = "bench-sink";
    private static final String BROKER = "bench";
    private static final double GOAL_EVENTS_PER_SECOND = 2000;
    private static final double GOAL_P50_MILLIS = 5;

    private EventsBench() {}

    /** Runs the benchmark; the knobs are the {@code bench.*} system properties listed in bench/README.md. */
    public static void main(String[] args) throws Exception {
        Duration warmUp = Options.seconds("bench.warmup", 2);
        Duration measured = Options.seconds("bench.measure", 5);
        Duration drain = Options.seconds("bench.drain", 120);
        Duration jitWarmUp = Options.seconds("bench.jit-warmup", 3);
        int[] clients = Options.counts("bench.clients", 1, 16);
        String python = Options.python();
        Report report = new Report("Events: brokers on SQLite and on Kafka against synchronous invocation",
                Machine.describe(python), ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        String counts = Arrays.stream(clients).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        report.paragraph(METHOD_NOTE.formatted(counts, seconds(warmUp), seconds(measured), seconds(jitWarmUp), seconds(drain)));
        Table summary = new Table("summary", "Against the goals (>= 2,000 events/s delivered, p50 < 5 ms)",
                "log, clients", "delivered/s", "goal met", "handler p50 ms", "goal met", "events/invokes");
        Table runs = new Table("runs", "Every run", "log, clients", "invokes/s (sync)", "invoke p50 ms", "invoke p99 ms",
                "accepted/s", "202 p50 ms", "202 p99 ms", "delivered/s", "handler p50 ms", "handler p99 ms",
                "accepted", "delivered", "lost", "duplicates", "drain s");
        try (ScratchDir scratch = ScratchDir.create("skiff-bench-events-");
             KafkaClusterTestKit kafka = startKafka(scratch.path().resolve("kafka"))) {
            measure("sqlite", EventsConfig.defaults(), scratch.path().resolve("data-sqlite"), python, clients,
                    new Periods(warmUp, measured, drain, jitWarmUp), summary, runs);
            measure("kafka", EventsConfig.defaults().withKafka(kafka.bootstrapServers()), scratch.path().resolve("data-kafka"),
                    python, clients, new Periods(warmUp, measured, drain, jitWarmUp), summary, runs);
        }
        report.table(summary).table(runs).paragraph(READING_NOTE);
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    private record Periods(Duration warmUp, Duration measured, Duration drain, Duration jitWarmUp) {}

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

    private static void measure(String log, EventsConfig events, Path dataDir, String python, int[] clients, Periods periods,
                                Table summary, Table runs) throws IOException, InterruptedException {
        try (SkiffServer server = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dataDir, python)
                .withEvents(events))) {
            SkiffApi api = new SkiffApi(server.port());
            if (!api.ready()) {
                throw new IllegalStateException("the server is not ready");
            }
            Function sink = SkiffApi.of(SINK, "python3", "main.handler", "main.py", EventLoad.SINK);
            api.create(sink.withSpec(sink.spec().toBuilder().concurrency(0).scale(ScaleSpec.bounds(1, 1)).build()));
            api.createResource("brokers", "{\"metadata\": {\"name\": \"" + BROKER + "\"}}");
            api.createResource("triggers", "{\"metadata\": {\"name\": \"" + BROKER + "-all\"}, \"spec\": {\"broker\": \""
                    + BROKER + "\", \"subscriber\": {\"function\": \"" + SINK + "\"}}}");
            Target invoke = new Target("127.0.0.1", server.port(), "/function/" + SINK);
            EventLoad load = new EventLoad(server.port(), BROKER, SINK);
            int most = Arrays.stream(clients).max().orElse(1);
            progress(log, "warming up");
            DirectVsGateway.warmUp(invoke, most, periods.jitWarmUp());
            load.run(log + "-warm", most, periods.jitWarmUp(), Duration.ZERO, periods.drain());
            LoadGenerator sync = new LoadGenerator(new LoadGenerator.Settings(periods.warmUp(), periods.measured(), Duration.ofSeconds(30)));
            for (int count : clients) {
                progress(log, count + " clients, synchronous invocations");
                LoadResult invoked = sync.run(invoke, count);
                progress(log, count + " clients, events");
                EventLoad.Result result = load.run(log + "-" + count, count, periods.warmUp(), periods.measured(), periods.drain());
                if (result.firstError() != null) {
                    System.err.println("bench: " + log + " at " + count + " clients: " + result.firstError());
                }
                String row = log + ", " + count;
                double p50 = result.toHandler().percentile(50);
                summary.row(row, Units.rate(result.deliveredPerSecond()), yesNo(result.deliveredPerSecond() >= GOAL_EVENTS_PER_SECOND),
                        Units.millis(p50), yesNo(p50 < GOAL_P50_MILLIS * 1e6),
                        Units.ratio(result.deliveredPerSecond(), invoked.requestsPerSecond()));
                runs.row(row, Units.rate(invoked.requestsPerSecond()), Units.millis(invoked.p50()), Units.millis(invoked.p99()),
                        Units.rate(result.acceptedPerSecond()), Units.millis(result.ingress().percentile(50)),
                        Units.millis(result.ingress().percentile(99)), Units.rate(result.deliveredPerSecond()), Units.millis(p50),
                        Units.millis(result.toHandler().percentile(99)), Long.toString(result.accepted()),
                        Long.toString(result.delivered()), Long.toString(result.lost()), Long.toString(result.duplicates()),
                        String.format(java.util.Locale.ROOT, "%.1f", result.drainMillis() / 1000.0));
            }
        }
    }

    private static String yesNo(boolean met) {
        return met ? "yes" : "no";
    }

    private static void progress(String log, String what) {
        System.err.println("bench: events on " + log + ": " + what);
    }

    private static String seconds(Duration duration) {
        return String.valueOf(duration.toMillis() / 1000.0);
    }

    private static final String METHOD_NOTE = """
            One server per event log, in turn: the embedded SQLite log, then Kafka (a single combined \
            KRaft controller and broker started in this JVM with kafka-test-common-runtime, `acks=all`). \
            Each server gets a no-op Python function (`handler(event, context)`, `concurrency: 0`, \
            one instance) that notes each event's arrival, a broker and a trigger without filters \
            delivering every event to it, with durability as always: an event is answered 202 only once \
            stored. At each client count (%s), first the **baseline**: the same function invoked \
            synchronously through the gateway (`GET /function/bench-sink`) by as many closed-loop \
            clients; then **events**: as many clients each post binary-mode CloudEvents to \
            `POST /brokers/bench/events` on a keep-alive connection, the next once the last was \
            answered 202; %s s warm-up, %s s measured, for both. Before the first run, %s s of \
            unrecorded invocations and events compile the server's paths. After the clients stop, the \
            benchmark waits (at most %s s) until every accepted event reached the function.
            """;

    private static final String READING_NOTE = """
            *accepted/s* and *202 p50/p99* are the ingress: posts answered 202 per second in the \
            measured period and their latency. *delivered/s* is every accepted event of the run \
            (warm-up included) over the time from the first post to the last arrival at the \
            function, so it is the delivery rate whenever delivery cannot keep up with ingress. \
            *handler p50/p99* is ingress to handler: the function's arrival time minus the client's \
            send time (carried in the extension attribute `benchsent`, both from the wall clock of \
            this one machine) for the events sent in the measured period; when delivery falls behind, \
            it includes the time events queued in the log. *lost* is accepted but never delivered \
            (within the drain limit), *duplicates* arrivals beyond an event's first. \
            *events/invokes* is delivered/s over synchronous invokes/s. The load generator, the \
            server, Kafka and the worker share this machine's cores, which other work may use too: \
            figures are as measured, and noisy.
            """;
}

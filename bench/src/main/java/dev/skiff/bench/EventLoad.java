package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events posted to a broker by {@link EventSender}s, closed loop or open loop at a fixed rate, and
 * what the subscriber saw of them. The {@link #SINK} function notes when each event arrived, by the
 * wall clock the senders stamp events with, and hands what it noted over on {@code GET ?collect=1},
 * so ingress-to-handler latency is the handler's arrival time minus the event's stamp (one
 * machine, one clock).
 */
final class EventLoad {
    /** The subscriber: notes (id, sent, arrived) of each event; answers a GET with collect=1 with what it noted. */
    static final String SINK = """
            import json, time
            arrivals = []
            def handler(event, context):
                req = event['extensions']['request']
                sent = req.headers.get('ce-benchsent')
                if sent is not None:
                    arrivals.append((req.headers.get('ce-id'), int(sent), time.time_ns() // 1000))
                    return ''
                if 'collect' in req.query:
                    taken = arrivals[:]
                    del arrivals[:len(taken)]
                    return json.dumps(taken)
                return 'ok'
            """;
    private static final Duration COLLECT_EVERY = Duration.ofMillis(200);
    private final int port;
    private final String token;
    private final String broker;
    private final String sink;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * Load on the server at {@code port}, into {@code broker} (posting with {@code token}), whose
     * trigger delivers to the function {@code sink}.
     */
    EventLoad(int port, String token, String broker, String sink) {
        this.port = port;
        this.token = token;
        this.broker = broker;
        this.sink = sink;
    }

    /**
     * What one run came to.
     *
     * @param senders how many connections posted
     * @param offeredPerSecond the open loop's rate, or 0 for a closed loop
     * @param acceptedPerSecond events answered 202 per second over the measured period
     * @param ingress stamp-to-202 latencies of the measured period
     * @param sendLag open loop: how late posts left after they were due, in the measured period
     * @param deliveredPerSecond arrivals at the function during the measured period, per second
     * @param toHandler stamp-to-arrival latencies of the events stamped in the measured period
     * @param accepted events accepted in the whole run
     * @param delivered distinct accepted events that reached the handler
     * @param duplicates arrivals beyond the first of an event
     * @param drainMillis from the last post to the last arrival
     * @param firstError the first failed post, or null
     */
    record Result(int senders, double offeredPerSecond, double acceptedPerSecond, LatencyStats ingress, LatencyStats sendLag,
                  double deliveredPerSecond, LatencyStats toHandler, long accepted, long delivered, long duplicates,
                  long drainMillis, String firstError) {
        long lost() {
            return accepted - delivered;
        }
    }

    /** {@code clients} closed-loop clients post through the warm-up and measured periods; then up to {@code drain} for arrivals. */
    Result closedLoop(String runId, int clients, Duration warmUp, Duration measured, Duration drain)
            throws IOException, InterruptedException {
        EventSender.Periods periods = periods(warmUp, measured);
        List<EventSender> senders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            senders.add(EventSender.closedLoop(target(), token, runId + "-c" + i + "-", periods));
        }
        return run(runId, senders, 0, periods, measured, drain);
    }

    /** {@code connections} connections share an open-loop schedule of {@code rate} posts per second; then up to {@code drain}. */
    Result openLoop(String runId, double rate, int connections, Duration warmUp, Duration measured, Duration drain)
            throws IOException, InterruptedException {
        EventSender.Periods periods = periods(warmUp, measured);
        List<EventSender> senders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            senders.add(EventSender.openLoop(target(), token, runId + "-", periods, rate, i, connections));
        }
        return run(runId, senders, rate, periods, measured, drain);
    }

    private Target target() {
        return new Target("127.0.0.1", port, "/brokers/" + broker + "/events");
    }

    private static EventSender.Periods periods(Duration warmUp, Duration measured) {
        long startNanos = System.nanoTime() + Duration.ofMillis(50).toNanos();
        long startMicros = EventSender.nowMicros() + 50_000;
        long warmUpEnds = startNanos + warmUp.toNanos();
        return new EventSender.Periods(startNanos, startMicros, warmUpEnds, warmUpEnds + measured.toNanos());
    }

    private Result run(String runId, List<EventSender> senders, double rate, EventSender.Periods periods, Duration measured,
                       Duration drain) throws IOException, InterruptedException {
        collect();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("event-sender-" + i).start(senders.get(i)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long lastPostMicros = EventSender.nowMicros();
        long accepted = 0;
        long acceptedMeasured = 0;
        String firstError = null;
        List<LatencyRecorder> ingress = new ArrayList<>();
        List<LatencyRecorder> lag = new ArrayList<>();
        for (EventSender sender : senders) {
            accepted += sender.accepted;
            acceptedMeasured += sender.ingress.size();
            ingress.add(sender.ingress);
            lag.add(sender.sendLag);
            firstError = firstError == null ? sender.firstError : firstError;
        }
        Arrivals collected = arrivals(runId, accepted, drain);
        Map<String, long[]> arrivals = collected.first();
        long measuredFrom = periods.micros(periods.warmUpEnds());
        long measuredTo = periods.micros(periods.measureEnds());
        long lastArrival = arrivals.values().stream().mapToLong(a -> a[1]).max().orElse(lastPostMicros);
        long[] toHandler = arrivals.values().stream().filter(a -> a[0] >= measuredFrom && a[0] < measuredTo)
                .mapToLong(a -> (a[1] - a[0]) * 1000).toArray();
        long arrivedInPeriod = arrivals.values().stream().filter(a -> a[1] >= measuredFrom && a[1] < measuredTo).count();
        double seconds = measured.toNanos() / 1e9;
        return new Result(senders.size(), rate, acceptedMeasured / seconds, LatencyStats.merge(ingress), LatencyStats.merge(lag),
                arrivedInPeriod / seconds, LatencyStats.of(toHandler), accepted, arrivals.size(), collected.duplicates(),
                Math.max(0, lastArrival - lastPostMicros) / 1000, firstError);
    }

    /** Each event's first arrival as {sent, arrived} (microseconds), and how many arrivals repeated one. */
    private record Arrivals(Map<String, long[]> first, long duplicates) {}

    /** Collects this run's arrivals until {@code accepted} events arrived or {@code drain} passed. */
    private Arrivals arrivals(String runId, long accepted, Duration drain) throws IOException, InterruptedException {
        Map<String, long[]> first = new HashMap<>();
        long duplicates = 0;
        long deadline = System.nanoTime() + drain.toNanos();
        while (first.size() < accepted && System.nanoTime() < deadline) {
            Thread.sleep(COLLECT_EVERY.toMillis());
            for (JsonNode arrival : collect()) {
                String id = arrival.get(0).asText();
                if (!id.startsWith(runId + "-")) {
                    continue;
                }
                if (first.putIfAbsent(id, new long[] {arrival.get(1).asLong(), arrival.get(2).asLong()}) != null) {
                    duplicates++;
                }
            }
        }
        return new Arrivals(first, duplicates);
    }

    /** What the sink noted since the last collection: [id, sent, arrived] arrays. */
    private JsonNode collect() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/function/" + sink + "?collect=1"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("collecting from " + sink + " answered " + response.statusCode() + ": " + response.body());
        }
        return Documents.json().readTree(response.body());
    }
}

package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Events posted to a broker by closed-loop clients, and what the subscriber saw of them. Each
 * client posts binary-mode CloudEvents on its own keep-alive connection, the next as soon as the
 * previous was accepted (202); each event carries its send time, in microseconds of the wall clock,
 * in the extension {@code benchsent}. The {@link #SINK} function notes when each event arrived by
 * the same clock and hands what it noted over on {@code GET ?collect=1}, so ingress-to-handler
 * latency is the handler's arrival time minus the client's send time (one machine, one clock).
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
    private final String broker;
    private final String sink;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Load on the server at {@code port}, into {@code broker}, whose trigger delivers to the function {@code sink}. */
    EventLoad(int port, String broker, String sink) {
        this.port = port;
        this.broker = broker;
        this.sink = sink;
    }

    /**
     * What one run came to.
     *
     * @param clients how many clients posted
     * @param acceptedPerSecond events answered 202 per second over the measured period
     * @param ingress POST-to-202 latencies of the measured period
     * @param deliveredPerSecond every accepted event (warm-up included) over the time from the first post to the last arrival
     * @param toHandler send-to-arrival latencies of the events sent in the measured period
     * @param accepted events accepted in the whole run
     * @param delivered distinct accepted events that reached the handler
     * @param duplicates arrivals beyond the first of an event
     * @param drainMillis from the last post to the last arrival
     * @param firstError the first failed post, or null
     */
    record Result(int clients, double acceptedPerSecond, LatencyStats ingress, double deliveredPerSecond, LatencyStats toHandler,
                  long accepted, long delivered, long duplicates, long drainMillis, String firstError) {
        long lost() {
            return accepted - delivered;
        }
    }

    /** Posts for the warm-up and measured periods, then waits up to {@code drain} for every accepted event to arrive. */
    Result run(String runId, int clients, Duration warmUp, Duration measured, Duration drain) throws IOException, InterruptedException {
        collect();
        long start = System.nanoTime();
        long startMicros = nowMicros();
        long warmUpEnds = start + warmUp.toNanos();
        long measureEnds = warmUpEnds + measured.toNanos();
        long measuredFromMicros = startMicros + warmUp.toNanos() / 1000;
        List<Client> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Client client = new Client(runId + "-c" + i + "-", warmUpEnds, measureEnds, done);
            all.add(client);
            threads.add(Thread.ofPlatform().daemon().name("event-client-" + i).start(client));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long lastPostMicros = nowMicros();
        long accepted = 0;
        long acceptedMeasured = 0;
        String firstError = null;
        List<LatencyRecorder> ingress = new ArrayList<>();
        for (Client client : all) {
            accepted += client.accepted;
            acceptedMeasured += client.ingress.size();
            ingress.add(client.ingress);
            firstError = firstError == null ? client.firstError : firstError;
        }
        Map<String, long[]> arrivals = new HashMap<>();
        long duplicates = 0;
        long deadline = System.nanoTime() + drain.toNanos();
        while (arrivals.size() < accepted && System.nanoTime() < deadline) {
            Thread.sleep(COLLECT_EVERY.toMillis());
            for (JsonNode arrival : collect()) {
                String id = arrival.get(0).asText();
                if (!id.startsWith(runId + "-")) {
                    continue;
                }
                if (arrivals.putIfAbsent(id, new long[] {arrival.get(1).asLong(), arrival.get(2).asLong()}) != null) {
                    duplicates++;
                }
            }
        }
        long lastArrival = arrivals.values().stream().mapToLong(a -> a[1]).max().orElse(lastPostMicros);
        long[] toHandler = arrivals.values().stream().filter(a -> a[0] >= measuredFromMicros)
                .mapToLong(a -> (a[1] - a[0]) * 1000).toArray();
        double deliveredPerSecond = arrivals.size() * 1e6 / Math.max(1, lastArrival - startMicros);
        return new Result(clients, acceptedMeasured * 1e9 / measured.toNanos(), LatencyStats.merge(ingress),
                deliveredPerSecond, LatencyStats.of(toHandler), accepted, arrivals.size(), duplicates,
                Math.max(0, lastArrival - lastPostMicros) / 1000, firstError);
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

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** One client: a connection, and events posted on it one after the other. */
    private final class Client implements Runnable {
        private final String idPrefix;
        private final long warmUpEnds;
        private final long measureEnds;
        private final CountDownLatch done;
        private final LatencyRecorder ingress = new LatencyRecorder();
        private long accepted;
        private String firstError;

        Client(String idPrefix, long warmUpEnds, long measureEnds, CountDownLatch done) {
            this.idPrefix = idPrefix;
            this.warmUpEnds = warmUpEnds;
            this.measureEnds = measureEnds;
            this.done = done;
        }

        @Override
        public void run() {
            Target target = new Target("127.0.0.1", port, "/brokers/" + broker + "/events");
            try (HttpConnection connection = new HttpConnection(target, Duration.ofSeconds(30))) {
                long n = 0;
                for (long sent = System.nanoTime(); sent < measureEnds; sent = System.nanoTime()) {
                    byte[] request = post(target, idPrefix + n++, nowMicros());
                    int status;
                    try {
                        status = connection.exchange(request);
                    } catch (IOException e) {
                        firstError = firstError == null ? e.toString() : firstError;
                        continue;
                    }
                    long answered = System.nanoTime();
                    if (status != 202) {
                        firstError = firstError == null ? "HTTP " + status : firstError;
                        continue;
                    }
                    accepted++;
                    if (answered >= warmUpEnds && answered < measureEnds) {
                        ingress.record(answered - sent);
                    }
                }
            } finally {
                done.countDown();
            }
        }

        private static byte[] post(Target target, String id, long sentMicros) {
            String body = "{}";
            return ("POST " + target.path() + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port() + "\r\n"
                    + "ce-specversion: 1.0\r\nce-id: " + id + "\r\nce-type: bench.event\r\nce-source: /bench\r\n"
                    + "ce-benchsent: " + sentMicros + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}

package dev.skiff.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * One connection posting binary-mode CloudEvents to a broker, each stamped with a send time in
 * microseconds of the wall clock (the extension {@code benchsent}). Closed loop: the next post as
 * soon as the last was answered, stamped when sent. Open loop: this connection's share of a
 * schedule at a fixed rate (post k of the whole load is due at k / rate), sent when due whatever
 * the answers to earlier posts, and stamped with the time it was due, so a post that leaves late
 * because its connection waited for a slow answer counts that wait in its latency (no coordinated
 * omission).
 */
final class EventSender implements Runnable {
    /** When a run's periods end, on {@link System#nanoTime}'s clock, and the wall clock at its start. */
    record Periods(long startNanos, long startMicros, long warmUpEnds, long measureEnds) {
        long micros(long nanos) {
            return startMicros + (nanos - startNanos) / 1000;
        }
    }

    private final Target target;
    private final String token;
    private final String idPrefix;
    private final Periods periods;
    /** Open loop: the whole load's rate (posts per second), this connection's index and the count of connections; closed: rate 0. */
    private final double rate;
    private final int index;
    private final int connections;
    final LatencyRecorder ingress = new LatencyRecorder();
    final LatencyRecorder sendLag = new LatencyRecorder();
    long accepted;
    String firstError;

    private EventSender(Target target, String token, String idPrefix, Periods periods, double rate, int index,
                        int connections) {
        this.target = target;
        this.token = token;
        this.idPrefix = idPrefix;
        this.periods = periods;
        this.rate = rate;
        this.index = index;
        this.connections = connections;
    }

    /** A closed-loop client posting with {@code token}. */
    static EventSender closedLoop(Target target, String token, String idPrefix, Periods periods) {
        return new EventSender(target, token, idPrefix, periods, 0, 0, 1);
    }

    /**
     * Connection {@code index} of {@code connections} sharing an open-loop schedule of {@code rate}
     * posts per second, posting with {@code token}.
     */
    static EventSender openLoop(Target target, String token, String idPrefix, Periods periods, double rate, int index,
                                int connections) {
        return new EventSender(target, token, idPrefix, periods, rate, index, connections);
    }

    @Override
    public void run() {
        try (HttpConnection connection = new HttpConnection(target, Duration.ofSeconds(30))) {
            if (rate > 0) {
                paced(connection);
            } else {
                closed(connection);
            }
        }
    }

    private void closed(HttpConnection connection) {
        long n = 0;
        for (long sent = System.nanoTime(); sent < periods.measureEnds(); sent = System.nanoTime()) {
            post(connection, n++, sent);
        }
    }

    private void paced(HttpConnection connection) {
        for (long k = index; ; k += connections) {
            long due = periods.startNanos() + (long) (k * 1e9 / rate);
            if (due >= periods.measureEnds()) {
                return;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            if (due >= periods.warmUpEnds()) {
                sendLag.record(sent - due);
            }
            post(connection, k, due);
        }
    }

    /** Posts event {@code n}, stamped {@code stamp} (nanoTime's clock); latency counts from the stamp. */
    private void post(HttpConnection connection, long n, long stamp) {
        byte[] request = request(idPrefix + n, periods.micros(stamp));
        int status;
        try {
            status = connection.exchange(request);
        } catch (IOException e) {
            firstError = firstError == null ? e.toString() : firstError;
            return;
        }
        long answered = System.nanoTime();
        if (status != 202) {
            firstError = firstError == null ? "HTTP " + status : firstError;
            return;
        }
        accepted++;
        if (stamp >= periods.warmUpEnds() && stamp < periods.measureEnds()) {
            ingress.record(answered - stamp);
        }
    }

    private byte[] request(String id, long sentMicros) {
        String body = "{}";
        return ("POST " + target.path() + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "ce-specversion: 1.0\r\nce-id: " + id + "\r\nce-type: bench.event\r\nce-source: /bench\r\n"
                + "ce-benchsent: " + sentMicros + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The wall clock in microseconds. */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}

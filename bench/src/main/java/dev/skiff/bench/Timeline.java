package dev.skiff.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Closed-loop clients started all at once (a burst from nothing) and kept going for a fixed time,
 * every answer recorded with its time, so that throughput, latency and failures can be followed
 * over the run in buckets, and actions (a deploy, a traffic change) can happen while it runs.
 */
final class Timeline {
    private final long startNanos;
    private final long bucketNanos;
    private final long[] answered;
    private final long[] failed;
    private final List<long[]> latencies;
    private final String firstError;

    private Timeline(long startNanos, long bucketNanos, long[] answered, long[] failed, List<long[]> latencies,
                     String firstError) {
        this.startNanos = startNanos;
        this.bucketNanos = bucketNanos;
        this.answered = answered;
        this.failed = failed;
        this.latencies = latencies;
        this.firstError = firstError;
    }

    /**
     * Connects {@code clients} clients to {@code target}, lets them all go at once and runs them for
     * {@code duration}, calling {@code during} on this thread meanwhile with the start time.
     */
    static Timeline run(Target target, int clients, Duration duration, Duration bucket, During during)
            throws Exception {
        byte[] request = target.getRequest();
        int buckets = (int) (duration.toNanos() / bucket.toNanos()) + 1;
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Client> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = new Client(new HttpConnection(target, Duration.ofSeconds(60)), request, buckets,
                    bucket.toNanos(), connected, go, start);
            all.add(client);
            threads.add(Thread.ofPlatform().daemon().name("burst-client-" + i).start(client));
        }
        connected.await();
        start[0] = System.nanoTime();
        long end = start[0] + duration.toNanos();
        for (Client client : all) {
            client.end = end;
        }
        go.countDown();
        during.run(start[0]);
        for (Thread thread : threads) {
            thread.join();
        }
        long[] answered = new long[buckets];
        long[] failed = new long[buckets];
        List<long[]> latencies = new ArrayList<>();
        String firstError = null;
        for (int b = 0; b < buckets; b++) {
            List<Long> inBucket = new ArrayList<>();
            for (Client client : all) {
                answered[b] += client.answered[b];
                failed[b] += client.failed[b];
                inBucket.addAll(client.latencies.get(b));
            }
            latencies.add(inBucket.stream().mapToLong(Long::longValue).sorted().toArray());
        }
        for (Client client : all) {
            firstError = firstError == null ? client.firstError : firstError;
        }
        return new Timeline(start[0], bucket.toNanos(), answered, failed, latencies, firstError);
    }

    /** Work done on the calling thread while the clients run. */
    interface During {
        void run(long startNanos) throws Exception;
    }

    int buckets() {
        return answered.length;
    }

    long bucketNanos() {
        return bucketNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** Answers per second in bucket {@code b}. */
    double rate(int b) {
        return answered[b] * 1e9 / bucketNanos;
    }

    long answered(int b) {
        return answered[b];
    }

    long failed(int b) {
        return failed[b];
    }

    long totalFailed() {
        return Arrays.stream(failed).sum();
    }

    long totalAnswered() {
        return Arrays.stream(answered).sum();
    }

    String firstError() {
        return firstError;
    }

    /** The {@code percent} percentile latency of the answers completed in buckets {@code from} to {@code to} (exclusive). */
    long percentile(int from, int to, double percent) {
        long[] all = latencies.subList(from, to).stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return 0;
        }
        return all[Math.min(all.length - 1, (int) Math.ceil(percent / 100 * all.length) - 1)];
    }

    /**
     * The first bucket from which every later window of {@code window} buckets (the last, cut-short
     * bucket aside) answers at least {@code share} of the mean rate of the last {@code tailBuckets}
     * buckets: when the run settled. Whole windows, not single buckets, so that the jitter of a
     * 100 ms bucket on a busy machine does not read as unsteadiness.
     */
    int steadyFrom(double share, int tailBuckets, int window) {
        int last = buckets() - 1;
        double tail = 0;
        for (int b = last - tailBuckets; b < last; b++) {
            tail += rate(b);
        }
        tail /= tailBuckets;
        int steady = last;
        for (int start = last - window; start >= 0; start--) {
            double sum = 0;
            for (int b = start; b < start + window; b++) {
                sum += rate(b);
            }
            if (sum / window < share * tail) {
                break;
            }
            steady = start;
        }
        return steady;
    }

    /** One client: a connection and its loop, counting answers into its own buckets. */
    private static final class Client implements Runnable {
        private final HttpConnection connection;
        private final byte[] request;
        private final long bucketNanos;
        private final CountDownLatch connected;
        private final CountDownLatch go;
        private final long[] start;
        private final long[] answered;
        private final long[] failed;
        private final List<List<Long>> latencies = new ArrayList<>();
        private volatile long end;
        private String firstError;

        Client(HttpConnection connection, byte[] request, int buckets, long bucketNanos, CountDownLatch connected,
               CountDownLatch go, long[] start) {
            this.connection = connection;
            this.request = request;
            this.bucketNanos = bucketNanos;
            this.connected = connected;
            this.go = go;
            this.start = start;
            this.answered = new long[buckets];
            this.failed = new long[buckets];
            for (int i = 0; i < buckets; i++) {
                latencies.add(new ArrayList<>());
            }
        }

        @Override
        public void run() {
            try {
                connection.connect();
            } catch (IOException e) {
                firstError = "cannot connect: " + e;
            }
            connected.countDown();
            try {
                go.await();
                for (long sent = System.nanoTime(); sent < end; sent = System.nanoTime()) {
                    String failure;
                    try {
                        int status = connection.exchange(request);
                        failure = status >= 200 && status < 300 ? null : "HTTP " + status;
                    } catch (IOException e) {
                        failure = e.toString();
                    }
                    long done = System.nanoTime();
                    int b = (int) Math.min(answered.length - 1, (done - start[0]) / bucketNanos);
                    if (failure == null) {
                        answered[b]++;
                        latencies.get(b).add(done - sent);
                    } else {
                        failed[b]++;
                        firstError = firstError == null ? failure : firstError;
                        Thread.sleep(10);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                connection.close();
            }
        }
    }
}

package dev.skiff.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop HTTP load generator: N clients, each on its own keep-alive connection, send the
 * next request as soon as the previous answer arrived, through a warm-up period (not recorded) and
 * then a measured period, in which every latency is recorded.
 *
 * <p>Why raw sockets on platform threads: the generator shares two cores with the server it
 * measures, so each request must cost it as little as possible. A blocking read on a platform
 * thread is one system call and the kernel wakes that thread directly when the answer arrives;
 * a virtual thread would instead park and be resumed through the JDK's poller thread, and Vert.x's
 * client (or java.net.http) would add a pipeline, futures and header maps per request. The request
 * is prebuilt bytes and {@link ResponseReader} parses the answer in place without allocating, so a
 * request costs the generator two system calls and a scan of the answer. At the at most 64 clients
 * measured here, 64 platform threads are cheap.
 */
public final class LoadGenerator {
    private final Settings settings;

    /** A generator with these periods. */
    public LoadGenerator(Settings settings) {
        this.settings = settings;
    }

    /** Runs {@code clients} clients against {@code target} for the warm-up and measured periods. */
    public LoadResult run(Target target, int clients) throws InterruptedException {
        return run(target, clients, null);
    }

    /**
     * As {@link #run(Target, int)}, calling {@code measured.run()} on this thread as the measured
     * period starts and again once every client has sent its last request, before their threads
     * end (a reading of CPU time, say, which needs the threads alive); null calls nothing.
     */
    public LoadResult run(Target target, int clients, Runnable measured) throws InterruptedException {
        byte[] request = target.getRequest();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        Schedule schedule = new Schedule(clients);
        List<Client> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = new Client(new HttpConnection(target, settings.timeout()), request, schedule, connected, go);
            all.add(client);
            threads.add(Thread.ofPlatform().daemon().name("load-client-" + i).start(client));
        }
        connected.await();
        long start = System.nanoTime();
        schedule.warmUpEnds = start + settings.warmUp().toNanos();
        schedule.measureEnds = schedule.warmUpEnds + settings.measured().toNanos();
        go.countDown();
        if (measured != null) {
            sleepUntil(schedule.warmUpEnds);
            measured.run();
            schedule.finished.await();
            measured.run();
        }
        schedule.release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        List<LatencyRecorder> recorders = new ArrayList<>();
        long errors = 0;
        String firstError = null;
        for (Client client : all) {
            recorders.add(client.latencies);
            errors += client.errors;
            firstError = firstError == null ? client.firstError : firstError;
        }
        LatencyStats stats = LatencyStats.merge(recorders);
        return new LoadResult(clients, stats.count(), errors, settings.measured().toNanos(),
                stats.percentile(50), stats.percentile(90), stats.percentile(99), stats.max(), firstError);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /**
     * How long a run lasts.
     *
     * @param warmUp how long clients run before latencies are recorded
     * @param measured how long latencies are recorded
     * @param timeout how long one request may take before it counts as failed
     */
    public record Settings(Duration warmUp, Duration measured, Duration timeout) {}

    /**
     * When the phases end, in System.nanoTime(), written before the clients are let go; and the
     * latches by which the clients, done sending, wait to end until the run lets them.
     */
    private static final class Schedule {
        long warmUpEnds;
        long measureEnds;
        final CountDownLatch finished;
        final CountDownLatch release = new CountDownLatch(1);

        Schedule(int clients) {
            finished = new CountDownLatch(clients);
        }
    }

    /** One client: a connection and the loop sending requests on it. */
    private static final class Client implements Runnable {
        private static final long PAUSE_AFTER_FAILURE_MILLIS = 10;
        private final HttpConnection connection;
        private final byte[] request;
        private final Schedule schedule;
        private final CountDownLatch connected;
        private final CountDownLatch go;
        private final LatencyRecorder latencies = new LatencyRecorder();
        private long errors;
        private String firstError;

        Client(HttpConnection connection, byte[] request, Schedule schedule, CountDownLatch connected, CountDownLatch go) {
            this.connection = connection;
            this.request = request;
            this.schedule = schedule;
            this.connected = connected;
            this.go = go;
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
                loop(schedule.warmUpEnds, schedule.measureEnds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                schedule.finished.countDown();
                connection.close();
            }
            try {
                schedule.release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void loop(long warmUpEnds, long measureEnds) throws InterruptedException {
            for (long sent = System.nanoTime(); sent < measureEnds; sent = System.nanoTime()) {
                String failure;
                try {
                    int status = connection.exchange(request);
                    failure = status >= 200 && status < 300 ? null : "HTTP " + status;
                } catch (IOException e) {
                    failure = e.toString();
                }
                long done = System.nanoTime();
                boolean measured = done >= warmUpEnds && done < measureEnds;
                if (failure == null) {
                    if (measured) {
                        latencies.record(done - sent);
                    }
                    continue;
                }
                if (measured) {
                    errors++;
                }
                firstError = firstError == null ? failure : firstError;
                Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
            }
        }
    }
}

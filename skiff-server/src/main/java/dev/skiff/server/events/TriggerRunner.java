package dev.skiff.server.events;

import dev.skiff.api.DeliverySpec;
import dev.skiff.api.TriggerFilter;
import dev.skiff.server.dataplane.FunctionCaller;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one trigger's events. A platform thread of its own reads the stream ahead into a
 * bounded queue, keeping the events that pass the filters; deliveries ({@link EventDelivery}) start
 * from that queue while the {@link DeliveryWindow} has room: one at a time, in the stream's order,
 * for an {@code ordered} trigger; up to {@code maxInFlight} at once, finishing in any order, for an
 * {@code unordered} one. A delivery that finishes starts the next waiting one itself, on the thread
 * that finished it, so a steady stream costs no hop through the reading thread per event. Deliveries
 * run asynchronously (retries, backoff and dead letters per event). The log is told only the
 * window's watermark, the position below the lowest event not yet handled, at most every
 * {@link #COMMIT_EVERY} while deliveries go on and at once when they stop: a killed server delivers
 * every unfinished event again (at least once) and loses none.
 */
final class TriggerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerRunner.class);
    /** How long a poll waits when nothing is waiting or in flight. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * How often the watermark is committed while deliveries go on: a Kafka offset commit is a write
     * to {@code __consumer_offsets} through the group coordinator, a SQLite one a cursor update, so
     * not one per event; a crash delivers at most this long's worth of handled events again.
     */
    private static final Duration COMMIT_EVERY = Duration.ofMillis(100);
    /** The reading thread reads more once fewer events than this wait for their delivery. */
    private static final int READ_AHEAD = 256;

    /**
     * What a runner delivers and how.
     *
     * @param name the trigger's name, also its consumer name in the log
     * @param stream the stream it reads ({@code broker:default})
     * @param filters every one must match
     * @param subscriber the function events go to
     * @param delivery the defaulted delivery spec
     * @param publishReplies whether a reply that is a CloudEvent goes back to the stream (brokers)
     */
    record Plan(String name, String stream, List<TriggerFilter> filters, String subscriber, DeliverySpec delivery,
                boolean publishReplies) {}

    /** How deliveries call a function: {@link FunctionCaller#post}, asynchronously; the future never fails. */
    @FunctionalInterface
    interface Caller {
        /** POSTs {@code body} with {@code headers} to the function; the answer, whatever its status. */
        CompletableFuture<FunctionCaller.Answer> post(String function, MultiMap headers, Buffer body);
    }

    /** Where the runner's work goes. */
    record Parts(EventLog log, DeliveryState state, DeadLetters deadLetters, Caller caller) {}

    private final Plan plan;
    private final Parts parts;
    /** Guards itself, {@link #waiting} and {@link #resumed}. */
    private final DeliveryWindow window;
    /** Events read and not yet started, in the stream's order. */
    private final Deque<EventLog.LogRecord> waiting = new ArrayDeque<>();
    /** Failed tries stored before a restart, by position, for the events not yet started again. */
    private final Map<Long, Integer> resumed = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final EventDelivery.Listener listener = new DeliveryListener();
    private Thread thread;

    TriggerRunner(Plan plan, Parts parts) {
        this.plan = plan;
        this.parts = parts;
        this.window = new DeliveryWindow(plan.delivery().unordered() ? plan.delivery().maxInFlight() : 1);
    }

    /** Starts delivering from the trigger's committed position. */
    synchronized void start() {
        thread = Thread.ofPlatform().daemon().name("skiff-trigger-" + plan.name()).start(this::run);
    }

    /**
     * Stops: deliveries in flight are abandoned (neither retried nor committed) and are delivered
     * again by the next runner.
     */
    void stop() {
        stopped.countDown();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean stopping() {
        return stopped.getCount() == 0;
    }

    private void run() {
        try (EventLog.Reader reader = parts.log().reader(plan.stream(), plan.name())) {
            synchronized (window) {
                resumed.putAll(parts.state().failedTries(plan.name()));
            }
            Commits commits = new Commits(reader);
            try {
                while (!stopping()) {
                    if (readMore()) {
                        List<EventLog.LogRecord> records = reader.poll(idle() ? POLL : COMMIT_EVERY);
                        start(take(records));
                    }
                    commits.due();
                }
            } finally {
                commits.now();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping()) {
                LOG.error("trigger {} stopped delivering: {}", plan.name(), e.toString(), e);
            }
        }
    }

    /** True when fewer than {@link #READ_AHEAD} events wait; else waits until they do, or to commit again. */
    private boolean readMore() throws InterruptedException {
        synchronized (window) {
            if (waiting.size() < READ_AHEAD) {
                return true;
            }
            window.wait(COMMIT_EVERY.toMillis());
            return false;
        }
    }

    private boolean idle() {
        synchronized (window) {
            return window.unfinished() == 0;
        }
    }

    /** Queues the records this trigger delivers, passes the others, and answers the deliveries there is room for. */
    private List<EventDelivery> take(List<EventLog.LogRecord> records) {
        synchronized (window) {
            for (EventLog.LogRecord record : records) {
                if (mine(record)) {
                    window.read(record.position());
                    waiting.add(record);
                } else {
                    window.skip(record.position());
                }
            }
            return pump();
        }
    }

    /** Moves waiting events into the window while it has room; the caller holds the lock and starts them after. */
    private List<EventDelivery> pump() {
        if (waiting.isEmpty() || !window.hasRoom() || stopping()) {
            return List.of();
        }
        List<EventDelivery> starting = new ArrayList<>();
        while (!waiting.isEmpty() && window.hasRoom()) {
            EventLog.LogRecord record = waiting.poll();
            window.start(record.position());
            Integer failed = resumed.isEmpty() ? null : resumed.remove(record.position());
            starting.add(new EventDelivery(plan, parts, listener, record, failed == null ? 0 : failed));
        }
        return starting;
    }

    private static void start(List<EventDelivery> deliveries) {
        for (EventDelivery delivery : deliveries) {
            delivery.start();
        }
    }

    private boolean mine(EventLog.LogRecord record) {
        return record.target() == null
                ? EventFilter.matches(record.event(), plan.filters()) : plan.name().equals(record.target());
    }

    /** The reading thread's commits of the watermark to the log. */
    private final class Commits {
        private final EventLog.Reader reader;
        private long committed = -1;
        private long last = System.nanoTime();

        Commits(EventLog.Reader reader) {
            this.reader = reader;
        }

        /** Commits the watermark if it moved and {@link #COMMIT_EVERY} passed since the last commit, or nothing is left to deliver. */
        void due() {
            if (idle() || System.nanoTime() - last >= COMMIT_EVERY.toNanos()) {
                now();
            }
        }

        /** Commits the watermark if it moved. */
        void now() {
            long watermark;
            synchronized (window) {
                watermark = window.watermark();
            }
            if (watermark > committed) {
                reader.commit(watermark);
                committed = watermark;
                last = System.nanoTime();
            }
        }
    }

    /** Deliveries finishing free room in the window; one that broke stops the runner. */
    private final class DeliveryListener implements EventDelivery.Listener {
        @Override
        public boolean halted() {
            return stopping();
        }

        @Override
        public void finished(long position) {
            List<EventDelivery> next;
            synchronized (window) {
                window.finish(position);
                next = pump();
                if (waiting.size() < READ_AHEAD) {
                    window.notifyAll();
                }
            }
            start(next);
        }

        @Override
        public void broke(long position, Throwable cause) {
            if (stopping()) {
                return;
            }
            LOG.error("trigger {} stopped delivering: the event at {} could be neither delivered nor kept: {}", plan.name(),
                    position, cause.toString(), cause);
            stopped.countDown();
            Thread running;
            synchronized (TriggerRunner.this) {
                running = thread;
            }
            if (running != null) {
                running.interrupt();
            }
        }
    }
}

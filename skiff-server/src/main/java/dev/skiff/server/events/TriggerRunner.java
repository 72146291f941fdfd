package dev.skiff.server.events;

import dev.skiff.api.DeliverySpec;
import dev.skiff.api.TriggerFilter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one trigger's events: a platform thread of its own reads the stream, keeps the events
 * that pass the filters, and starts an {@link EventDelivery} for each while its
 * {@link DeliveryWindow} has room: one at a time, in the stream's order, for an {@code ordered}
 * trigger; up to {@code maxInFlight} at once, finishing in any order, for an {@code unordered} one.
 * Deliveries run asynchronously (retries, backoff and dead letters per event). The log is told only
 * the window's watermark, the position below the lowest event not yet handled, so a killed server
 * delivers every unfinished event again (at least once) and loses none.
 */
final class TriggerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerRunner.class);
    /** How long a poll waits when nothing is in flight. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long a poll waits while deliveries are in flight, so their watermark is committed soon after they finish. */
    private static final Duration POLL_IN_FLIGHT = Duration.ofMillis(20);

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
    private final DeliveryWindow window;
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
            Map<Long, Integer> resumed = parts.state().failedTries(plan.name());
            long committed = -1;
            try {
                while (!stopping()) {
                    for (EventLog.LogRecord record : reader.poll(inFlight() == 0 ? POLL : POLL_IN_FLIGHT)) {
                        if (!mine(record)) {
                            synchronized (window) {
                                window.skip(record.position());
                            }
                            continue;
                        }
                        if (awaitRoom()) {
                            committed = commit(reader, committed);
                        }
                        synchronized (window) {
                            window.start(record.position());
                        }
                        Integer failed = resumed.isEmpty() ? null : resumed.remove(record.position());
                        new EventDelivery(plan, parts, listener, record, failed == null ? 0 : failed).start();
                    }
                    committed = commit(reader, committed);
                }
            } finally {
                commit(reader, committed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping()) {
                LOG.error("trigger {} stopped delivering: {}", plan.name(), e.toString(), e);
            }
        }
    }

    private boolean mine(EventLog.LogRecord record) {
        return record.target() == null
                ? EventFilter.matches(record.event(), plan.filters()) : plan.name().equals(record.target());
    }

    private int inFlight() {
        synchronized (window) {
            return window.inFlight();
        }
    }

    /** Waits until another delivery may start; true if it had to wait (deliveries finished meanwhile). */
    private boolean awaitRoom() throws InterruptedException {
        synchronized (window) {
            boolean waited = false;
            while (!window.hasRoom()) {
                if (stopping()) {
                    throw new InterruptedException("stopping");
                }
                window.wait();
                waited = true;
            }
            return waited;
        }
    }

    /** Tells the log the watermark if it moved; answers the watermark committed. */
    private long commit(EventLog.Reader reader, long committed) {
        long watermark;
        synchronized (window) {
            watermark = window.watermark();
        }
        if (watermark > committed) {
            reader.commit(watermark);
            return watermark;
        }
        return committed;
    }

    /** Deliveries finishing free room in the window; one that broke stops the runner. */
    private final class DeliveryListener implements EventDelivery.Listener {
        @Override
        public boolean halted() {
            return stopping();
        }

        @Override
        public void finished(long position) {
            synchronized (window) {
                window.finish(position);
                window.notifyAll();
            }
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

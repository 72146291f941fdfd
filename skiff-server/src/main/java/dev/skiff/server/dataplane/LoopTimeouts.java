package dev.skiff.server.dataplane;

import dev.skiff.core.Deadlines;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's request timeouts: a {@link Deadlines} per event loop, swept every
 * {@value #SWEEP_MILLIS} ms while it holds any, instead of a scheduler timer per request (a timer
 * costs a registry entry, a priority-queue insertion and a cancellation on every request, a few
 * percent of a busy gateway's CPU). A timeout fires up to one sweep late; functions' timeouts are
 * whole seconds. Everything happens on the entry's event loop.
 */
final class LoopTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(LoopTimeouts.class);
    static final long SWEEP_MILLIS = 100;
    private final FastThreadLocal<Sweeper> sweepers = new FastThreadLocal<>();

    /** What times out: {@link #timedOut} runs on the loop it was added on. */
    abstract static class Timed extends Deadlines.Entry {
        abstract void timedOut();
    }

    /** Starts {@code timed}'s timeout on {@code loop}. */
    void start(EventLoop loop, Timed timed, long timeoutMillis) {
        if (loop.inEventLoop()) {
            sweeper(loop).add(timed, timeoutMillis);
        } else {
            loop.execute(() -> sweeper(loop).add(timed, timeoutMillis));
        }
    }

    /** Stops {@code timed}'s timeout, if it has not fired. */
    void cancel(EventLoop loop, Timed timed) {
        if (loop.inEventLoop()) {
            sweeper(loop).deadlines.remove(timed);
        } else {
            loop.execute(() -> sweeper(loop).deadlines.remove(timed));
        }
    }

    private Sweeper sweeper(EventLoop loop) {
        Sweeper sweeper = sweepers.get();
        if (sweeper == null) {
            sweeper = new Sweeper(loop);
            sweepers.set(sweeper);
        }
        return sweeper;
    }

    private static long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** One loop's deadlines and its sweep, scheduled only while something is pending. */
    private static final class Sweeper {
        private final EventLoop loop;
        private final Deadlines deadlines = new Deadlines();
        private ScheduledFuture<?> sweep;

        Sweeper(EventLoop loop) {
            this.loop = loop;
        }

        void add(Timed timed, long timeoutMillis) {
            deadlines.add(timed, timeoutMillis, nowMillis());
            if (sweep == null) {
                sweep = loop.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        private void sweep() {
            deadlines.expire(nowMillis(), entry -> {
                try {
                    ((Timed) entry).timedOut();
                } catch (RuntimeException e) {
                    LOG.error("a request's timeout failed: {}", e.toString(), e);
                }
            });
            if (deadlines.size() == 0) {
                sweep.cancel(false);
                sweep = null;
            }
        }
    }
}

package dev.skiff.server.backend.process;

import dev.skiff.server.serving.PoolStats;
import dev.skiff.server.serving.StartException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-started generic workers, {@code size} per pool (one pool per runtime), each waiting to be
 * handed one function. A member is taken once and never comes back. One background thread keeps
 * every pool full: it starts one member at a time, and after a take only once the taken member has
 * been {@linkplain #release released} (it serves, or failed) and a little more, so the refill does
 * not compete for the CPU with the cold start that took it, nor with its first request. A pool whose members keep failing to start is retried
 * after a growing pause (1 s, 2 s, ... 60 s).
 *
 * @param <M> what a member is: a worker process, or a fake in unit tests
 */
final class WorkerPool<M extends WorkerPool.Member> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);
    /**
     * How long after a take is released its replacement waits: the taken member has just become
     * ready, and its first request is still on its way; a new sandbox and interpreter (a few hundred
     * ms of CPU) started at that moment would share the cores with it.
     */
    static final Duration AFTER_RELEASE = Duration.ofMillis(50);

    /** A pooled process, as far as the pool cares. */
    interface Member {
        /** True while its process runs. */
        boolean isAlive();

        /** Completes when its process ends. */
        CompletableFuture<?> exit();

        /** Kills its process and everything under it. */
        void kill();
    }

    /** Starts one member of a pool and returns once it waits to be specialized. Blocking. */
    interface Starter<M> {
        M start(String pool) throws StartException;
    }

    private final int size;
    private final Starter<M> starter;
    private final Map<String, State<M>> pools = new HashMap<>();
    private final Thread refiller;
    private boolean closed;

    /** Pools named {@code names}, each kept at {@code size} members started by {@code starter}; 0 disables them. */
    WorkerPool(List<String> names, int size, Starter<M> starter) {
        this.size = size;
        this.starter = starter;
        names.forEach(name -> pools.put(name, new State<>()));
        refiller = size > 0 && !names.isEmpty()
                ? Thread.ofPlatform().daemon().name("skiff-pool").start(this::refill) : null;
    }

    /** True when {@code pool} exists and keeps members. */
    boolean serves(String pool) {
        return size > 0 && pools.containsKey(pool);
    }

    /**
     * Takes a waiting member of {@code pool}, if one is alive; the caller must {@link #release} the
     * pool once the member serves or has failed, which lets the refill start its replacement.
     */
    synchronized Optional<M> take(String pool) {
        State<M> state = pools.get(pool);
        if (closed || state == null) {
            return Optional.empty();
        }
        for (M member = state.waiting.pollFirst(); member != null; member = state.waiting.pollFirst()) {
            if (member.isAlive()) {
                state.taken++;
                state.held++;
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    /** Lets the refill replace a member taken from {@code pool}, {@link #AFTER_RELEASE} from now. */
    synchronized void release(String pool) {
        State<M> state = pools.get(pool);
        state.held--;
        long after = System.nanoTime() + AFTER_RELEASE.toNanos();
        if (after - state.retryAt > 0) {
            state.retryAt = after;
        }
        notifyAll();
    }

    /** Every pool's figures, by name. */
    synchronized List<PoolStats> stats() {
        return pools.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new PoolStats(entry.getKey(), size, entry.getValue().waiting.size(),
                        entry.getValue().started, entry.getValue().taken))
                .toList();
    }

    /** Stops refilling and kills every waiting member. */
    @Override
    public void close() {
        List<M> waiting;
        synchronized (this) {
            closed = true;
            waiting = pools.values().stream().flatMap(state -> state.waiting.stream()).toList();
            pools.values().forEach(state -> state.waiting.clear());
            notifyAll();
        }
        waiting.forEach(Member::kill);
        if (refiller != null) {
            refiller.interrupt();
        }
    }

    private void refill() {
        while (true) {
            String pool;
            try {
                pool = awaitShortPool();
            } catch (InterruptedException e) {
                return;
            }
            if (pool == null) {
                return;
            }
            try {
                M member = starter.start(pool);
                admit(pool, member);
            } catch (StartException e) {
                failed(pool, e.getMessage());
            }
        }
    }

    /** Waits until a pool lacks a member and may be refilled now; null once closed. */
    private synchronized String awaitShortPool() throws InterruptedException {
        while (!closed) {
            long now = System.nanoTime();
            long wait = Long.MAX_VALUE;
            for (Map.Entry<String, State<M>> entry : pools.entrySet()) {
                State<M> state = entry.getValue();
                if (state.waiting.size() + state.held >= size) {
                    continue;
                }
                if (now - state.retryAt >= 0) {
                    return entry.getKey();
                }
                wait = Math.min(wait, state.retryAt - now);
            }
            if (wait == Long.MAX_VALUE) {
                wait();
            } else {
                wait(Math.max(1, wait / 1_000_000));
            }
        }
        return null;
    }

    private void admit(String pool, M member) {
        synchronized (this) {
            if (!closed) {
                State<M> state = pools.get(pool);
                state.waiting.addLast(member);
                state.started++;
                state.failures = 0;
                member.exit().thenRun(() -> died(pool, member));
                return;
            }
        }
        member.kill();
    }

    /** A waiting member died (a taken one is no longer the pool's): it is replaced, after a pause as for a failed start. */
    private synchronized void died(String pool, M member) {
        State<M> state = pools.get(pool);
        if (!closed && state.waiting.remove(member)) {
            pause(pool, state, "a waiting worker exited");
        }
    }

    private synchronized void failed(String pool, String why) {
        if (!closed) {
            pause(pool, pools.get(pool), why);
        }
    }

    private void pause(String pool, State<M> state, String why) {
        state.failures++;
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(state.failures - 1, 6));
        pause = pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
        state.retryAt = System.nanoTime() + pause.toNanos();
        LOG.warn("the {} pool could not keep a generic worker (retrying in {} s): {}", pool, pause.toSeconds(), why);
        notifyAll();
    }

    /** One pool's members and counters; guarded by the pool's lock. */
    private static final class State<M> {
        final Deque<M> waiting = new ArrayDeque<>();
        int held;
        long started;
        long taken;
        int failures;
        long retryAt = System.nanoTime();
    }
}

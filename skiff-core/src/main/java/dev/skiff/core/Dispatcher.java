package dev.skiff.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands one revision's requests to its instances: the least-loaded ready instance under the
 * concurrency limit gets the request, otherwise the request waits in a bounded queue until an
 * instance frees up or becomes ready. This is the activator's core: a request is never failed
 * because no instance is ready yet, only because the queue is full or its wait runs out.
 *
 * <p>A release that frees a slot prefers, among the first few waiters, one with the releasing
 * thread's {@linkplain Waiter#affinity affinity} (its event loop): that request is sent at once on
 * the thread that is already awake, instead of waking another one, so the instance is not left idle
 * for a thread hand-off between its answer and its next request. The head of the queue is passed
 * over at most {@value #MAX_PASSED_OVER} times in a row, so no request waits more than that many
 * extra turns.
 *
 * <p>Thread-safe. Grants and rejections run on the calling thread, outside the lock.
 *
 * @param <I> the instance type, compared by identity
 */
public final class Dispatcher<I> {
    /** How many waiters from the head a release looks through for one with its affinity. */
    static final int AFFINITY_SCAN = 8;
    /** How many times in a row the head of the queue may be passed over for a waiter with the releaser's affinity. */
    static final int MAX_PASSED_OVER = 4;
    private final int limit;
    private final int maxQueue;
    private final Map<I, Integer> inFlight = new IdentityHashMap<>();
    private final Map<I, Draining> draining = new IdentityHashMap<>();
    private final Deque<Waiter<I>> queue = new ArrayDeque<>();
    private boolean closed;
    private int passedOver;

    /**
     * A dispatcher for one revision.
     *
     * @param concurrencyLimit the most requests one instance serves at once; 0 means no limit
     * @param maxQueue the most requests that may wait; past it a request is rejected
     */
    public Dispatcher(int concurrencyLimit, int maxQueue) {
        this.limit = concurrencyLimit;
        this.maxQueue = maxQueue;
    }

    /** Gives the waiter an instance now, queues it, or rejects it when the queue is full or closed. */
    public void acquire(Waiter<I> waiter) {
        I granted;
        Rejection rejection = null;
        synchronized (this) {
            granted = closed ? null : leastLoaded();
            if (granted != null) {
                inFlight.merge(granted, 1, Integer::sum);
            } else if (closed) {
                rejection = Rejection.CLOSED;
            } else if (queue.size() >= maxQueue) {
                rejection = Rejection.QUEUE_FULL;
            } else {
                queue.addLast(waiter);
            }
        }
        if (granted != null) {
            waiter.grant(granted);
        } else if (rejection != null) {
            waiter.reject(rejection);
        }
    }

    /** Removes a waiter that gave up (e.g. its wait timed out); true when it was still waiting. */
    public synchronized boolean cancel(Waiter<I> waiter) {
        return queue.remove(waiter);
    }

    /** Ends one request on {@code instance}, possibly handing the slot to a waiting request. */
    public void release(I instance) {
        release(instance, null);
    }

    /**
     * Ends one request on {@code instance}, possibly handing the slot to a waiting request, one
     * with {@code affinity} (the releasing thread's, e.g. its event loop) when such a waiter is near
     * the head of the queue; null for no preference.
     */
    public void release(I instance, Object affinity) {
        List<Grant<I>> grants;
        Runnable drained = null;
        synchronized (this) {
            Integer count = inFlight.get(instance);
            if (count != null) {
                inFlight.put(instance, count - 1);
                grants = drainQueue(affinity);
            } else {
                grants = List.of();
                Draining d = draining.get(instance);
                if (d != null && --d.inFlight == 0) {
                    draining.remove(instance);
                    drained = d.whenIdle;
                }
            }
        }
        grants.forEach(Grant::run);
        if (drained != null) {
            drained.run();
        }
    }

    /** Adds an instance that is ready to serve and gives it waiting requests. */
    public void addReady(I instance) {
        List<Grant<I>> grants;
        synchronized (this) {
            inFlight.putIfAbsent(instance, 0);
            grants = drainQueue(null);
        }
        grants.forEach(Grant::run);
    }

    /**
     * Stops sending requests to an instance only if it serves none and none are waiting, in one
     * step, so no request is granted an instance that is about to stop; true when it was removed.
     */
    public synchronized boolean removeIfIdle(I instance) {
        Integer count = inFlight.get(instance);
        if (count == null || count > 0 || !queue.isEmpty()) {
            return false;
        }
        inFlight.remove(instance);
        return true;
    }

    /** Stops sending requests to an instance (it died); its requests in flight are no longer counted. */
    public synchronized void remove(I instance) {
        inFlight.remove(instance);
        draining.remove(instance);
    }

    /**
     * Stops sending new requests to an instance and runs {@code whenIdle} once the requests it is
     * serving have all been released (at once, on the calling thread, when it serves none): a
     * scale-down that drops nothing. False when the instance was not ready here.
     */
    public boolean retire(I instance, Runnable whenIdle) {
        synchronized (this) {
            Integer count = inFlight.remove(instance);
            if (count == null) {
                return false;
            }
            if (count > 0) {
                draining.put(instance, new Draining(count, whenIdle));
                return true;
            }
        }
        whenIdle.run();
        return true;
    }

    /** The instances ready to take requests now (not retiring ones). */
    public synchronized List<I> ready() {
        return List.copyOf(inFlight.keySet());
    }

    /** Rejects every request waiting now (e.g. no instance could start), leaving later ones free to wait. */
    public void rejectWaiting(Rejection why) {
        List<Waiter<I>> rejected;
        synchronized (this) {
            rejected = new ArrayList<>(queue);
            queue.clear();
        }
        rejected.forEach(w -> w.reject(why));
    }

    /** Rejects every waiting request and every later one; for a revision that is going away. */
    public void close() {
        List<Waiter<I>> rejected;
        synchronized (this) {
            closed = true;
            rejected = new ArrayList<>(queue);
            queue.clear();
        }
        rejected.forEach(w -> w.reject(Rejection.CLOSED));
    }

    /** A consistent view of the dispatcher's load. */
    public synchronized Load load() {
        int busy = inFlight.values().stream().mapToInt(Integer::intValue).sum()
                + draining.values().stream().mapToInt(d -> d.inFlight).sum();
        return new Load(inFlight.size(), busy, queue.size());
    }

    /** The requests in flight on one instance (0 when unknown). */
    public synchronized int inFlight(I instance) {
        Draining d = draining.get(instance);
        return d != null ? d.inFlight : inFlight.getOrDefault(instance, 0);
    }

    private I leastLoaded() {
        I best = null;
        int bestCount = Integer.MAX_VALUE;
        for (Map.Entry<I, Integer> e : inFlight.entrySet()) {
            int count = e.getValue();
            if ((limit == 0 || count < limit) && count < bestCount) {
                best = e.getKey();
                bestCount = count;
            }
        }
        return best;
    }

    private List<Grant<I>> drainQueue(Object affinity) {
        List<Grant<I>> grants = new ArrayList<>();
        while (!queue.isEmpty()) {
            I instance = leastLoaded();
            if (instance == null) {
                break;
            }
            inFlight.merge(instance, 1, Integer::sum);
            grants.add(new Grant<>(next(grants.isEmpty() ? affinity : null), instance));
        }
        return grants;
    }

    /** Takes the waiter to grant: the first near the head with {@code affinity}, unless the head has waited its turns. */
    private Waiter<I> next(Object affinity) {
        Waiter<I> head = queue.peekFirst();
        if (affinity == null || passedOver >= MAX_PASSED_OVER || affinity.equals(head.affinity())) {
            passedOver = 0;
            return queue.pollFirst();
        }
        int scanned = 0;
        for (var it = queue.iterator(); it.hasNext() && scanned < AFFINITY_SCAN; scanned++) {
            Waiter<I> waiter = it.next();
            if (affinity.equals(waiter.affinity())) {
                it.remove();
                passedOver++;
                return waiter;
            }
        }
        passedOver = 0;
        return queue.pollFirst();
    }

    private static final class Draining {
        private int inFlight;
        private final Runnable whenIdle;

        Draining(int inFlight, Runnable whenIdle) {
            this.inFlight = inFlight;
            this.whenIdle = whenIdle;
        }
    }

    private record Grant<I>(Waiter<I> waiter, I instance) {
        void run() {
            waiter.grant(instance);
        }
    }

    /** Why a request could not be given an instance. */
    public enum Rejection {
        /** Too many requests are already waiting. */
        QUEUE_FULL,
        /** The revision is going away. */
        CLOSED,
        /** No instance could be started. */
        START_FAILED,
        /** No instance runs, and a quota leaves no room to start one. */
        QUOTA
    }

    /**
     * The dispatcher's load at one moment.
     *
     * @param instances ready instances
     * @param inFlight requests being served, on ready and on retiring instances
     * @param queued requests waiting for an instance
     */
    public record Load(int instances, int inFlight, int queued) {}

    /**
     * A request waiting for an instance; exactly one of its methods is called, once, unless it is
     * cancelled first.
     *
     * @param <I> the instance type
     */
    public interface Waiter<I> {
        /** The request may use {@code instance}; it must {@link #release} it when done. */
        void grant(I instance);

        /** The request will not get an instance. */
        void reject(Rejection why);

        /**
         * Where the request would rather be granted: a release with the same affinity prefers it
         * (see {@link Dispatcher}); null, the default, for none.
         */
        default Object affinity() {
            return null;
        }
    }
}

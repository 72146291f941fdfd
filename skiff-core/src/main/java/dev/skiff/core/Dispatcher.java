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
 * <p>Thread-safe. Grants and rejections run on the calling thread, outside the lock.
 *
 * @param <I> the instance type, compared by identity
 */
public final class Dispatcher<I> {
    private final int limit;
    private final int maxQueue;
    private final Map<I, Integer> inFlight = new IdentityHashMap<>();
    private final Map<I, Draining> draining = new IdentityHashMap<>();
    private final Deque<Waiter<I>> queue = new ArrayDeque<>();
    private boolean closed;

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
        List<Grant<I>> grants;
        Runnable drained = null;
        synchronized (this) {
            Integer count = inFlight.get(instance);
            if (count != null) {
                inFlight.put(instance, count - 1);
                grants = drainQueue();
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
            grants = drainQueue();
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

    private List<Grant<I>> drainQueue() {
        List<Grant<I>> grants = new ArrayList<>();
        while (!queue.isEmpty()) {
            I instance = leastLoaded();
            if (instance == null) {
                break;
            }
            inFlight.merge(instance, 1, Integer::sum);
            grants.add(new Grant<>(queue.pollFirst(), instance));
        }
        return grants;
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
        START_FAILED
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
    }
}

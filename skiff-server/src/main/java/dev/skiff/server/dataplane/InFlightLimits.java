package dev.skiff.server.dataplane;

import dev.skiff.api.Namespaces;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each namespace's quota of requests in flight ({@code maxInFlight}): the gateway enters a request
 * before it waits for an instance and exits it when answered; one past the quota is refused at once
 * (429). Functions of {@code default} (keys without a dot), and of namespaces without the quota,
 * cost a string scan and a map lookup at most.
 */
public final class InFlightLimits {
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    /** One namespace's quota and count. */
    private static final class Gate {
        private final int limit;
        private final AtomicInteger inFlight = new AtomicInteger();

        Gate(int limit) {
            this.limit = limit;
        }
    }

    /** What the caller holds: exit it once the request is answered. */
    public interface Ticket {
        /** Gives the place back. */
        void exit();
    }

    private static final Ticket FREE = () -> { };

    /** Sets {@code namespace}'s quota (null: none); requests already in flight keep their places. */
    public void set(String namespace, Integer limit) {
        if (limit == null) {
            gates.remove(namespace);
        } else {
            gates.put(namespace, new Gate(limit));
        }
    }

    /** A place for a request to the function keyed {@code function}, or null when its namespace is at its quota. */
    public Ticket enter(String function) {
        if (function.indexOf('.') < 0 || gates.isEmpty()) {
            return FREE;
        }
        Gate gate = gates.get(Namespaces.namespaceOf(function));
        if (gate == null) {
            return FREE;
        }
        if (gate.inFlight.incrementAndGet() > gate.limit) {
            gate.inFlight.decrementAndGet();
            return null;
        }
        return gate.inFlight::decrementAndGet;
    }

    /** The quota of {@code namespace}, or null. */
    public Integer limit(String namespace) {
        Gate gate = gates.get(namespace);
        return gate == null ? null : gate.limit;
    }
}

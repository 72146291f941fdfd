package dev.skiff.server.events;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.SequencedSet;
import java.util.Set;

/**
 * The events a trigger has read and not yet handled, waiting or in flight, and the watermark below
 * them: the position up to which every event read was handled, which is all the log may be told.
 * Positions are read in increasing order (a stream's order) but deliveries finish in any order;
 * only unfinished events are kept, so however long one event is retried the window holds no more
 * than the events waiting and in flight. Positions need not be contiguous (other streams' events,
 * Kafka's gaps): a watermark of {@code p} means every position up to and including {@code p} is
 * handled, whether or not the stream has one there. Not thread-safe; its owner locks.
 */
final class DeliveryWindow {
    private final int capacity;
    /** Unfinished positions, waiting or in flight; read in increasing order, so the first is the lowest. */
    private final SequencedSet<Long> unfinished = new LinkedHashSet<>();
    private final Set<Long> inFlight = new HashSet<>();
    private long lastRead = -1;

    /** A window of at most {@code capacity} events in flight (1: one at a time, in order). */
    DeliveryWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    /** The event at {@code position} was read and waits for its delivery to start. */
    void read(long position) {
        advance(position);
        unfinished.add(position);
    }

    /** The event at {@code position} is not this trigger's (filtered out): read and handled at once. */
    void skip(long position) {
        advance(position);
    }

    /** True while another event may start. */
    boolean hasRoom() {
        return inFlight.size() < capacity;
    }

    /** The waiting event at {@code position} starts its delivery; there must be room. */
    void start(long position) {
        if (!hasRoom()) {
            throw new IllegalStateException("no room for position " + position + ": " + capacity + " in flight");
        }
        if (!unfinished.contains(position) || !inFlight.add(position)) {
            throw new IllegalStateException("position " + position + " is not waiting");
        }
    }

    /** The event at {@code position} was handled (delivered, or given up on). */
    void finish(long position) {
        if (!inFlight.remove(position)) {
            throw new IllegalStateException("position " + position + " is not in flight");
        }
        unfinished.remove(position);
    }

    /** How many events are in flight (started, not finished). */
    int inFlight() {
        return inFlight.size();
    }

    /** How many events were read and are not yet handled, waiting or in flight. */
    int unfinished() {
        return unfinished.size();
    }

    /**
     * The highest position up to which every event read is handled: just below the lowest one not
     * yet handled, else the last one read; -1 before anything was read.
     */
    long watermark() {
        return unfinished.isEmpty() ? lastRead : unfinished.getFirst() - 1;
    }

    private void advance(long position) {
        if (position <= lastRead) {
            throw new IllegalArgumentException("position " + position + " read after " + lastRead);
        }
        lastRead = position;
    }
}

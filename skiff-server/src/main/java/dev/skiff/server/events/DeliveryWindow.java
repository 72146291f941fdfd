package dev.skiff.server.events;

import java.util.LinkedHashSet;
import java.util.SequencedSet;

/**
 * The events a trigger has read and not yet handled, and the watermark below them: the position up
 * to which every event read was handled, which is all the log may be told. Positions come in
 * increasing order (a stream's order) but deliveries finish in any order; only unfinished ones are
 * kept, so the window holds at most its capacity however long one event is retried. Positions need
 * not be contiguous (other streams' events, Kafka's gaps): a watermark of {@code p} means every
 * position up to and including {@code p} is handled, whether or not the stream has one there.
 * Not thread-safe; its owner locks.
 */
final class DeliveryWindow {
    private final int capacity;
    /** Unfinished positions; inserted in increasing order, so the first is the lowest. */
    private final SequencedSet<Long> unfinished = new LinkedHashSet<>();
    private long lastRead = -1;

    /** A window of at most {@code capacity} events in flight (1: one at a time, in order). */
    DeliveryWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    /** True while another event may start. */
    boolean hasRoom() {
        return unfinished.size() < capacity;
    }

    /** How many events are in flight (started, not finished). */
    int inFlight() {
        return unfinished.size();
    }

    /** An event at {@code position} starts its delivery; there must be room. */
    void start(long position) {
        if (!hasRoom()) {
            throw new IllegalStateException("no room for position " + position + ": " + capacity + " in flight");
        }
        read(position);
        unfinished.add(position);
    }

    /** The event at {@code position} is not this trigger's (filtered out): read and handled at once. */
    void skip(long position) {
        read(position);
    }

    /** The event at {@code position} was handled (delivered, or given up on). */
    void finish(long position) {
        if (!unfinished.remove(position)) {
            throw new IllegalStateException("position " + position + " is not in flight");
        }
    }

    /**
     * The highest position up to which every event read is handled: just below the lowest one still
     * in flight, else the last one read; -1 before anything was read.
     */
    long watermark() {
        return unfinished.isEmpty() ? lastRead : unfinished.getFirst() - 1;
    }

    private void read(long position) {
        if (position <= lastRead) {
            throw new IllegalArgumentException("position " + position + " read after " + lastRead);
        }
        lastRead = position;
    }
}

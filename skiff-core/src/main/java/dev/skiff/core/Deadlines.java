package dev.skiff.core;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pending timeouts, without a timer each: entries with the same timeout are kept in one list in the
 * order they were added, so each list is also in deadline order, and {@link #expire} reads only the
 * heads. Adding and removing an entry is constant time and allocates nothing (the entry is its own
 * list node); a gateway adds and removes one per request, where a scheduler's timer would cost a
 * priority-queue insertion, a cancellation and a registry entry.
 *
 * <p>Not thread-safe: one event loop owns an instance and calls {@link #expire} periodically, so a
 * timeout fires up to that period late. The clock is the caller's.
 */
public final class Deadlines {
    private final Map<Long, Chain> chains = new HashMap<>();
    private int size;

    /** Something that times out: extend it, and add it with {@link #add}. */
    public abstract static class Entry {
        private Chain chain;
        private Entry previous;
        private Entry next;
        private long deadline;

        /** Whether it is pending in a {@link Deadlines}. */
        public final boolean pending() {
            return chain != null;
        }
    }

    private static final class Chain {
        Entry head;
        Entry tail;
    }

    /** Adds {@code entry}, due {@code timeout} after {@code now}; an entry already pending is not added again. */
    public void add(Entry entry, long timeout, long now) {
        if (entry.chain != null) {
            return;
        }
        Chain chain = chains.computeIfAbsent(timeout, t -> new Chain());
        entry.deadline = now + timeout;
        entry.chain = chain;
        entry.previous = chain.tail;
        entry.next = null;
        if (chain.tail == null) {
            chain.head = entry;
        } else {
            chain.tail.next = entry;
        }
        chain.tail = entry;
        size++;
    }

    /** Removes {@code entry} if it is pending; answers whether it was. */
    public boolean remove(Entry entry) {
        Chain chain = entry.chain;
        if (chain == null) {
            return false;
        }
        if (entry.previous == null) {
            chain.head = entry.next;
        } else {
            entry.previous.next = entry.next;
        }
        if (entry.next == null) {
            chain.tail = entry.previous;
        } else {
            entry.next.previous = entry.previous;
        }
        entry.chain = null;
        entry.previous = null;
        entry.next = null;
        size--;
        return true;
    }

    /** Removes every entry due at or before {@code now} and hands it to {@code expired}, each list oldest first. */
    public void expire(long now, Consumer<Entry> expired) {
        for (Chain chain : chains.values().toArray(Chain[]::new)) {
            while (chain.head != null && chain.head.deadline <= now) {
                Entry due = chain.head;
                remove(due);
                expired.accept(due);
            }
        }
    }

    /** How many entries are pending. */
    public int size() {
        return size;
    }
}

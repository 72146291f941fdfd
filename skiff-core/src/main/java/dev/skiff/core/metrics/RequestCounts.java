package dev.skiff.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every finished call counted per revision: by status, in a duration histogram, and the cold
 * starts. Lock-free on the request path (a map lookup and a few adders); read when scraped.
 */
public final class RequestCounts {
    /**
     * The histogram's upper bounds in seconds (then +Inf): from half a millisecond, a warm call's
     * gateway overhead, to a minute, beyond which a call has usually timed out.
     */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final long[] BUCKET_NANOS = new long[BUCKETS.length];
    private static final int STATUSES = 600;

    static {
        for (int i = 0; i < BUCKETS.length; i++) {
            BUCKET_NANOS[i] = Math.round(BUCKETS[i] * 1e9);
        }
    }

    private final Map<String, Counts> byRevision = new ConcurrentHashMap<>();

    /** Counts a call of {@code revision} of {@code function} that ended with {@code status} after {@code totalNanos}. */
    public void record(String function, String revision, int status, long totalNanos, boolean coldStart) {
        Counts counts = byRevision.get(revision);
        if (counts == null) {
            counts = byRevision.computeIfAbsent(revision, r -> new Counts(function, r));
        }
        counts.add(status, totalNanos, coldStart);
    }

    /** Every revision's counts so far, in no particular order. */
    public List<Counts> counts() {
        return new ArrayList<>(byRevision.values());
    }

    /** One revision's counts. */
    public static final class Counts {
        final String function;
        final String revision;
        private final AtomicReferenceArray<LongAdder> byStatus = new AtomicReferenceArray<>(STATUSES);
        /** Calls at or under each bound, not cumulative; the last slot is over every bound. */
        private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
        private final LongAdder nanos = new LongAdder();
        private final LongAdder coldStarts = new LongAdder();

        Counts(String function, String revision) {
            this.function = function;
            this.revision = revision;
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** The revision counted. */
        public String revision() {
            return revision;
        }

        void add(int status, long totalNanos, boolean cold) {
            int slot = status > 0 && status < STATUSES ? status : 0;
            LongAdder counter = byStatus.get(slot);
            if (counter == null) {
                byStatus.compareAndSet(slot, null, new LongAdder());
                counter = byStatus.get(slot);
            }
            counter.increment();
            int bucket = 0;
            while (bucket < BUCKET_NANOS.length && totalNanos > BUCKET_NANOS[bucket]) {
                bucket++;
            }
            buckets[bucket].increment();
            nanos.add(totalNanos);
            if (cold) {
                coldStarts.increment();
            }
        }

        /** Calls by status code (0 for a status outside 1–599), only the codes seen. */
        Map<Integer, Long> byStatus() {
            Map<Integer, Long> seen = new java.util.TreeMap<>();
            for (int status = 0; status < STATUSES; status++) {
                LongAdder counter = byStatus.get(status);
                if (counter != null) {
                    seen.put(status, counter.sum());
                }
            }
            return seen;
        }

        /** The cumulative count at or under each bound of {@link #BUCKETS}, then the total (+Inf). */
        long[] cumulativeBuckets() {
            long[] cumulative = new long[buckets.length];
            long running = 0;
            for (int i = 0; i < buckets.length; i++) {
                running += buckets[i].sum();
                cumulative[i] = running;
            }
            return cumulative;
        }

        double seconds() {
            return nanos.sum() / 1e9;
        }

        long coldStarts() {
            return coldStarts.sum();
        }
    }
}

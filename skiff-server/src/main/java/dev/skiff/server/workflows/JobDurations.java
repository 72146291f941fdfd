package dev.skiff.server.workflows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A histogram of job attempts' durations per namespace and transformation. Transformations are
 * named by users' workflow files, so only the first {@code cap} names seen get series of their own;
 * later ones count under {@link #OTHER}, and no file can grow the exposition without bound.
 */
public final class JobDurations {
    /** The transformation label of the names beyond the cap. */
    public static final String OTHER = "other";
    /** The histogram's upper bounds in seconds (then +Inf): from a warm call to an hour-long job. */
    public static final double[] BUCKETS = {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600};
    private final int cap;
    private final Set<String> named = new HashSet<>();
    private final Map<List<String>, long[]> buckets = new LinkedHashMap<>();
    private final Map<List<String>, Double> sums = new LinkedHashMap<>();

    /** A histogram keeping at most {@code cap} transformations by name. */
    public JobDurations(int cap) {
        this.cap = cap;
    }

    /** Counts an attempt of a job of {@code transformation} in {@code namespace} that took {@code seconds}. */
    public synchronized void record(String namespace, String transformation, double seconds) {
        String label = named.contains(transformation) || named.size() < cap && named.add(transformation) ? transformation : OTHER;
        List<String> key = List.of(namespace, label);
        long[] counts = buckets.computeIfAbsent(key, k -> new long[BUCKETS.length + 1]);
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        counts[bucket]++;
        sums.merge(key, seconds, Double::sum);
    }

    /** Every series so far, in the order first seen. */
    public synchronized List<Series> series() {
        List<Series> all = new ArrayList<>();
        buckets.forEach((key, counts) -> {
            long[] cumulative = new long[counts.length];
            long running = 0;
            for (int i = 0; i < counts.length; i++) {
                running += counts[i];
                cumulative[i] = running;
            }
            all.add(new Series(key.get(0), key.get(1), cumulative, sums.get(key)));
        });
        return all;
    }

    /**
     * One series.
     *
     * @param namespace the jobs' namespace
     * @param transformation their transformation, or {@link #OTHER}
     * @param cumulative the count at or under each bound of {@link #BUCKETS}, then the total (+Inf)
     * @param seconds the durations' sum
     */
    public record Series(String namespace, String transformation, long[] cumulative, double seconds) {}
}

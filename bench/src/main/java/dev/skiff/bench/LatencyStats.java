package dev.skiff.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies merged from every client and sorted, for percentiles. Percentiles use the nearest-rank
 * method: the p-th percentile of n values is the ceil(p/100 * n)-th smallest, so it is always a
 * latency that was actually observed.
 */
public final class LatencyStats {
    private final long[] sorted;

    private LatencyStats(long[] sorted) {
        this.sorted = sorted;
    }

    /** The merged, sorted latencies of {@code recorders}. */
    public static LatencyStats merge(List<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder recorder : recorders) {
            total += recorder.size();
        }
        long[] all = new long[total];
        int offset = 0;
        for (LatencyRecorder recorder : recorders) {
            recorder.copyTo(all, offset);
            offset += recorder.size();
        }
        Arrays.sort(all);
        return new LatencyStats(all);
    }

    /** Stats over these latencies (nanoseconds, any order). */
    public static LatencyStats of(long... nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new LatencyStats(copy);
    }

    /** How many latencies there are. */
    public int count() {
        return sorted.length;
    }

    /**
     * The nearest-rank percentile in nanoseconds; 0 when there are no latencies.
     *
     * @param percent from 0 (the minimum) to 100 (the maximum)
     */
    public long percentile(double percent) {
        if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
            throw new IllegalArgumentException("a percentile is between 0 and 100, not " + percent);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent * sorted.length / 100.0);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The largest latency in nanoseconds; 0 when there are none. */
    public long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }
}

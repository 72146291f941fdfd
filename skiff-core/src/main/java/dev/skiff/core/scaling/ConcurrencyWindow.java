package dev.skiff.core.scaling;

import java.util.Arrays;

/**
 * Observed concurrency over time, in one-second buckets (knative/serving's windowed buckets): each
 * bucket holds the average of the samples recorded in it (taken on a regular tick, so this
 * approximates the time average), and a window's average is the mean of its buckets. Time is
 * passed in, never read, so tests are exact. Not thread-safe.
 */
public final class ConcurrencyWindow {
    private static final long BUCKET_NANOS = 1_000_000_000L;
    private final double[] sums;
    private final int[] counts;
    private final long[] bucketStarts;

    /** A window remembering {@code seconds} buckets (the longest window that will be asked for). */
    public ConcurrencyWindow(int seconds) {
        sums = new double[seconds];
        counts = new int[seconds];
        bucketStarts = new long[seconds];
        Arrays.fill(bucketStarts, Long.MIN_VALUE);
    }

    /** Records the concurrency seen at {@code nanos} (e.g. in-flight plus queued requests). */
    public void record(long nanos, double concurrency) {
        long start = Math.floorDiv(nanos, BUCKET_NANOS) * BUCKET_NANOS;
        int slot = (int) Math.floorMod(Math.floorDiv(nanos, BUCKET_NANOS), (long) sums.length);
        if (bucketStarts[slot] != start) {
            bucketStarts[slot] = start;
            sums[slot] = 0;
            counts[slot] = 0;
        }
        sums[slot] += concurrency;
        counts[slot]++;
    }

    /**
     * The average concurrency over the {@code seconds} buckets ending at {@code nanos}; buckets with
     * no sample count as zero (no traffic), and the result is -1 when the window has no sample at all.
     */
    public double average(long nanos, int seconds) {
        long current = Math.floorDiv(nanos, BUCKET_NANOS);
        double total = 0;
        boolean any = false;
        for (int i = 0; i < Math.min(seconds, sums.length); i++) {
            long bucket = current - i;
            int slot = (int) Math.floorMod(bucket, (long) sums.length);
            if (bucketStarts[slot] == bucket * BUCKET_NANOS && counts[slot] > 0) {
                total += sums[slot] / counts[slot];
                any = true;
            }
        }
        return any ? total / Math.min(seconds, sums.length) : -1;
    }
}

package dev.skiff.core.scaling;

import java.util.Arrays;

/**
 * Observed concurrency over time, in one-second buckets (knative/serving's windowed buckets): each
 * bucket holds the average of the samples recorded in it (taken on a regular tick, so this
 * approximates the time average), and a window's average is the mean of its buckets, buckets
 * without a sample counting as zero. As in Knative, when the first sample is more recent than the
 * window is long, the average is over the partial window since that sample; and after a silence
 * longer than the whole window (a revision scaled to zero records nothing) history starts again, so
 * a burst after idleness is seen at its full size at once. Time is passed in, never read, so tests
 * are exact. Not thread-safe.
 */
public final class ConcurrencyWindow {
    private static final long BUCKET_NANOS = 1_000_000_000L;
    private final double[] sums;
    private final int[] counts;
    private final long[] bucketStarts;
    private long firstBucket = Long.MIN_VALUE;
    private long lastBucket = Long.MIN_VALUE;

    /** A window remembering {@code seconds} buckets (the longest window that will be asked for). */
    public ConcurrencyWindow(int seconds) {
        sums = new double[seconds];
        counts = new int[seconds];
        bucketStarts = new long[seconds];
        Arrays.fill(bucketStarts, Long.MIN_VALUE);
    }

    /** Records the concurrency seen at {@code nanos} (e.g. in-flight plus queued requests). */
    public void record(long nanos, double concurrency) {
        long bucket = Math.floorDiv(nanos, BUCKET_NANOS);
        if (lastBucket == Long.MIN_VALUE || bucket - lastBucket >= sums.length) {
            firstBucket = bucket;
        }
        lastBucket = Math.max(lastBucket, bucket);
        long start = bucket * BUCKET_NANOS;
        int slot = (int) Math.floorMod(bucket, (long) sums.length);
        if (bucketStarts[slot] != start) {
            bucketStarts[slot] = start;
            sums[slot] = 0;
            counts[slot] = 0;
        }
        sums[slot] += concurrency;
        counts[slot]++;
    }

    /**
     * The average concurrency over the {@code seconds} buckets ending at {@code nanos}, or over the
     * buckets since the first sample when that is fewer; -1 when the window has no sample at all.
     */
    public double average(long nanos, int seconds) {
        long current = Math.floorDiv(nanos, BUCKET_NANOS);
        int span = Math.min(seconds, sums.length);
        if (firstBucket != Long.MIN_VALUE && current - firstBucket + 1 < span) {
            span = (int) Math.max(1, current - firstBucket + 1);
        }
        double total = 0;
        boolean any = false;
        for (int i = 0; i < span; i++) {
            long bucket = current - i;
            int slot = (int) Math.floorMod(bucket, (long) sums.length);
            if (bucketStarts[slot] == bucket * BUCKET_NANOS && counts[slot] > 0) {
                total += sums[slot] / counts[slot];
                any = true;
            }
        }
        return any ? total / span : -1;
    }
}

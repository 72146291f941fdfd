package dev.skiff.bench;

import java.util.Arrays;

/**
 * One client's latencies in nanoseconds: a preallocated array that doubles when full, so recording
 * costs a store and an increment. Not thread-safe; each client owns one.
 */
public final class LatencyRecorder {
    private static final int INITIAL_CAPACITY = 1 << 16;
    private long[] values;
    private int size;

    /** An empty recorder with room for 65,536 values before it grows. */
    public LatencyRecorder() {
        this(INITIAL_CAPACITY);
    }

    /** An empty recorder with room for {@code capacity} values before it grows. */
    public LatencyRecorder(int capacity) {
        values = new long[Math.max(1, capacity)];
    }

    /** Records one latency. */
    public void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    /** How many latencies were recorded. */
    public int size() {
        return size;
    }

    /** Copies the recorded latencies into {@code target} from {@code offset}. */
    void copyTo(long[] target, int offset) {
        System.arraycopy(values, 0, target, offset, size);
    }
}

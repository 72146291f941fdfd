package dev.skiff.core.workflow;

import java.time.Duration;

/** How long a job waits after a failed attempt before the next: 1 s, doubling each attempt, at most 30 s. */
public final class Backoff {
    /** The wait after the first failed attempt. */
    public static final Duration FIRST = Duration.ofSeconds(1);
    /** The longest wait. */
    public static final Duration MOST = Duration.ofSeconds(30);

    private Backoff() {}

    /** The wait after attempt {@code attempt} (1 for the first) failed: 1 s, 2 s, 4 s, … then 30 s. */
    public static Duration after(int attempt) {
        int doublings = Math.max(0, attempt - 1);
        return doublings >= 5 ? MOST : FIRST.multipliedBy(1L << doublings);
    }
}

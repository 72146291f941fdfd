package dev.skiff.bench;

/**
 * What one closed-loop run measured. Latencies are in nanoseconds and cover the successful
 * requests that completed inside the measured period.
 *
 * @param clients how many concurrent clients ran
 * @param requests how many requests succeeded (2xx) in the measured period
 * @param errors how many failed (non-2xx or I/O failure) in the measured period
 * @param measuredNanos how long the measured period was
 * @param p50 the median latency
 * @param p90 the 90th percentile latency
 * @param p99 the 99th percentile latency
 * @param max the largest latency
 * @param firstError what the first failure was, or null when nothing failed
 */
public record LoadResult(int clients, long requests, long errors, long measuredNanos,
                         long p50, long p90, long p99, long max, String firstError) {

    /** Successful requests per second over the measured period. */
    public double requestsPerSecond() {
        return measuredNanos == 0 ? 0 : requests * 1e9 / measuredNanos;
    }
}

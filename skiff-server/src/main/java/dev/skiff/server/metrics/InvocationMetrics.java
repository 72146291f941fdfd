package dev.skiff.server.metrics;

import dev.skiff.core.metrics.RequestCounts;
import dev.skiff.server.dataplane.InvocationObserver;

/**
 * Counts every finished invocation per revision ({@link RequestCounts}): by status, in a duration
 * histogram, and the cold starts. Lock-free on the request path; read by {@link PrometheusText}.
 */
public final class InvocationMetrics implements InvocationObserver {
    private final RequestCounts counts = new RequestCounts();

    @Override
    public void completed(Completed call) {
        counts.record(call.function(), call.revision(), call.status(), call.totalNanos(), call.coldStart());
    }

    /** The counts so far. */
    RequestCounts counts() {
        return counts;
    }
}

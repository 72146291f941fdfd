package dev.skiff.core.scaling;

/**
 * Decides how many instances a revision needs, as Knative's KPA does: desired = ceil(observed
 * concurrency / (target x utilization)) over the stable window; when the short panic window asks
 * for {@code panicThreshold} times the ready instances, panic mode follows the panic window and
 * never scales down until the burst has been over for a whole stable window. Each decision may grow
 * by at most {@code maxScaleUpRate} and shrink by at most {@code maxScaleDownRate}; the last
 * instance stays for {@code scaleToZeroGrace} after the last request; then min and max apply.
 *
 * <p>Pure: the caller records observed concurrency (in flight plus queued) on a regular tick and
 * asks for a decision with the current time; nothing here reads a clock. Not thread-safe.
 */
public final class Autoscaler {
    private final ScalingPolicy policy;
    private final ConcurrencyWindow window;
    private final int stableSeconds;
    private final int panicSeconds;
    private long lastActive;
    private long panicSince = Long.MIN_VALUE;
    private int maxPanicInstances;

    /** An autoscaler for a revision created at {@code nowNanos}, which counts as its last activity. */
    public Autoscaler(ScalingPolicy policy, long nowNanos) {
        this.policy = policy;
        this.stableSeconds = (int) Math.max(1, policy.stableWindow().toSeconds());
        this.panicSeconds = (int) Math.max(1, policy.panicWindow().toSeconds());
        this.window = new ConcurrencyWindow(stableSeconds);
        this.lastActive = nowNanos;
    }

    /** Records the concurrency observed at {@code nowNanos}: requests in flight plus those waiting. */
    public void record(long nowNanos, double concurrency) {
        window.record(nowNanos, concurrency);
        if (concurrency > 0) {
            lastActive = nowNanos;
        }
    }

    /**
     * Notes that a request arrived at {@code nowNanos} even though no sample saw it in flight (it
     * came and went between two ticks): the grace period before scaling to zero counts from here.
     */
    public void markActive(long nowNanos) {
        lastActive = Math.max(lastActive, nowNanos);
    }

    /** The number of instances wanted now, given how many are ready. */
    public ScaleDecision decide(long nowNanos, int readyInstances) {
        double stable = Math.max(0, window.average(nowNanos, stableSeconds));
        double burst = Math.max(0, window.average(nowNanos, panicSeconds));
        int ready = Math.max(1, readyInstances);
        int desiredStable = limitRate(instancesFor(stable), ready);
        int desiredPanic = limitRate(instancesFor(burst), ready);

        boolean overThreshold = readyInstances > 0
                ? desiredPanic / (double) readyInstances >= policy.panicThreshold()
                : desiredPanic > 0;
        if (overThreshold) {
            panicSince = nowNanos;
        } else if (panicSince != Long.MIN_VALUE
                && nowNanos - panicSince >= policy.stableWindow().toNanos()) {
            panicSince = Long.MIN_VALUE;
            maxPanicInstances = 0;
        }
        boolean panic = panicSince != Long.MIN_VALUE;
        int desired;
        if (panic) {
            maxPanicInstances = Math.max(maxPanicInstances, Math.max(desiredPanic, readyInstances));
            desired = maxPanicInstances;
        } else {
            desired = desiredStable;
        }
        if (desired == 0 && nowNanos - lastActive < policy.scaleToZeroGrace().toNanos()) {
            desired = 1;
        }
        return new ScaleDecision(clamp(desired), panic, stable, burst);
    }

    private int instancesFor(double concurrency) {
        return (int) Math.ceil(concurrency / policy.perInstance() - 1e-9);
    }

    private int limitRate(int desired, int ready) {
        int most = (int) Math.ceil(policy.maxScaleUpRate() * ready);
        int least = (int) Math.floor(ready / policy.maxScaleDownRate());
        return Math.max(least, Math.min(most, desired));
    }

    private int clamp(int desired) {
        int atLeast = Math.max(desired, policy.minScale());
        return policy.maxScale() > 0 ? Math.min(atLeast, policy.maxScale()) : atLeast;
    }

}

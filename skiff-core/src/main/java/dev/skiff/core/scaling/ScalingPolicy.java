package dev.skiff.core.scaling;

import dev.skiff.api.ScaleSpec;
import java.time.Duration;

/**
 * How one revision scales, with Knative's KPA semantics.
 *
 * @param minScale instances kept even without traffic (0 allows scale to zero)
 * @param maxScale the most instances; 0 means no limit
 * @param target the concurrency one instance should see (soft)
 * @param utilization the share of {@code target} to aim for, in (0, 1]; Knative's default 0.7
 * @param stableWindow the window whose average concurrency decides in stable mode
 * @param panicWindow the short window that detects bursts; 10% of the stable window by default
 * @param panicThreshold the ratio of panic-window demand to ready instances that starts panic mode
 * @param maxScaleUpRate the most the instance count may grow in one decision, as a multiple
 * @param maxScaleDownRate the most it may shrink in one decision, as a divisor
 * @param scaleToZeroGrace how long a revision without traffic keeps its last instance
 */
public record ScalingPolicy(
        int minScale,
        int maxScale,
        double target,
        double utilization,
        Duration stableWindow,
        Duration panicWindow,
        double panicThreshold,
        double maxScaleUpRate,
        double maxScaleDownRate,
        Duration scaleToZeroGrace) {

    /** Knative's defaults for everything but the bounds and the target. */
    public static ScalingPolicy of(int minScale, int maxScale, double target) {
        Duration stable = Duration.ofSeconds(60);
        return new ScalingPolicy(minScale, maxScale, target, 0.7, stable, stable.dividedBy(10), 2.0, 1000, 2,
                Duration.ofSeconds(30));
    }

    /**
     * The policy a defaulted {@link ScaleSpec} describes, with {@code instanceCap} as the most
     * instances when the spec sets no bound of its own (or a higher one).
     */
    public static ScalingPolicy from(ScaleSpec scale, int instanceCap) {
        Duration stable = Duration.ofSeconds(scale.stableWindowSeconds());
        Duration panic = Duration.ofMillis(Math.max(1000, stable.toMillis() * scale.panicWindowPercentage() / 100));
        int max = scale.maxScale() == 0 ? instanceCap : Math.min(scale.maxScale(), instanceCap);
        return new ScalingPolicy(Math.min(scale.minScale(), max), max, scale.target(),
                scale.targetUtilizationPercentage() / 100.0, stable, panic,
                scale.panicThresholdPercentage() / 100.0, 1000, 2, Duration.ofSeconds(scale.scaleToZeroGraceSeconds()));
    }

    /** Checks the policy's invariants. */
    public ScalingPolicy {
        if (minScale < 0 || maxScale < 0 || (maxScale > 0 && minScale > maxScale)) {
            throw new IllegalArgumentException("need 0 <= minScale <= maxScale (maxScale 0 = no limit)");
        }
        if (target <= 0 || utilization <= 0 || utilization > 1) {
            throw new IllegalArgumentException("need target > 0 and 0 < utilization <= 1");
        }
        if (panicWindow.isZero() || panicWindow.compareTo(stableWindow) > 0) {
            throw new IllegalArgumentException("need 0 < panicWindow <= stableWindow");
        }
    }

    /** The concurrency one instance is sized for: target times utilization. */
    public double perInstance() {
        return target * utilization;
    }
}

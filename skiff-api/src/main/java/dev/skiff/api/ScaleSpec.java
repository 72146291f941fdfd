package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a revision's instances scale, with Knative's KPA semantics and its names (the
 * {@code autoscaling.knative.dev/*} annotations, in camel case). The autoscaler aims for
 * {@code ceil(observed concurrency / (target x targetUtilizationPercentage / 100))} instances, as
 * averaged over the stable window; a burst seen over the panic window scales up at once (panic mode
 * never scales down), and an instance stops after the grace period without traffic.
 *
 * @param minScale instances kept without traffic (default 0: scale to zero)
 * @param maxScale the most instances (default 0: no limit of its own; the server caps it)
 * @param target the concurrency one instance should see, a soft goal (default: {@code spec.concurrency}
 *     when that is set, else 100; never above {@code spec.concurrency}, which is the hard limit)
 * @param targetUtilizationPercentage the share of {@code target} to aim for, 1 to 100 (default 70)
 * @param stableWindowSeconds the window whose average decides in stable mode, 6 to 3600 (default 60)
 * @param panicWindowPercentage the panic window as a share of the stable window, 1 to 100 (default 10)
 * @param panicThresholdPercentage demand over the panic window, as a share of what the ready
 *     instances serve, that starts panic mode, 110 to 1000 (default 200)
 * @param scaleToZeroGraceSeconds how long after its last request the last instance stops (default 30)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScaleSpec(
        Integer minScale,
        Integer maxScale,
        Integer target,
        Integer targetUtilizationPercentage,
        Integer stableWindowSeconds,
        Integer panicWindowPercentage,
        Integer panicThresholdPercentage,
        Integer scaleToZeroGraceSeconds) {

    /** Only the bounds set; everything else left for {@link FunctionDefaults}. */
    public static ScaleSpec bounds(Integer minScale, Integer maxScale) {
        return new ScaleSpec(minScale, maxScale, null, null, null, null, null, null);
    }

    /** This spec with other bounds; a null bound keeps the current one. */
    public ScaleSpec withBounds(Integer newMin, Integer newMax) {
        return new ScaleSpec(newMin == null ? minScale : newMin, newMax == null ? maxScale : newMax, target,
                targetUtilizationPercentage, stableWindowSeconds, panicWindowPercentage, panicThresholdPercentage,
                scaleToZeroGraceSeconds);
    }

    /** This spec with another scale-to-zero grace period. */
    public ScaleSpec withGrace(int seconds) {
        return new ScaleSpec(minScale, maxScale, target, targetUtilizationPercentage, stableWindowSeconds,
                panicWindowPercentage, panicThresholdPercentage, seconds);
    }

    /** This spec with another stable window (the panic window stays its share of it). */
    public ScaleSpec withStableWindow(int seconds) {
        return new ScaleSpec(minScale, maxScale, target, targetUtilizationPercentage, seconds, panicWindowPercentage,
                panicThresholdPercentage, scaleToZeroGraceSeconds);
    }

    /** This spec with another target concurrency per instance. */
    public ScaleSpec withTarget(int newTarget) {
        return new ScaleSpec(minScale, maxScale, newTarget, targetUtilizationPercentage, stableWindowSeconds,
                panicWindowPercentage, panicThresholdPercentage, scaleToZeroGraceSeconds);
    }
}

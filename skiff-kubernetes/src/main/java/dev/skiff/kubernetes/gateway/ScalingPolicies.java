package dev.skiff.kubernetes.gateway;

import dev.skiff.api.ScaleSpec;
import dev.skiff.core.scaling.ScalingPolicy;
import java.time.Duration;

/** A defaulted {@link ScaleSpec} as the autoscaler's {@link ScalingPolicy}, with Knative's rate limits. */
public final class ScalingPolicies {
    private static final double MAX_SCALE_UP_RATE = 1000;
    private static final double MAX_SCALE_DOWN_RATE = 2;

    private ScalingPolicies() {}

    /** The policy of a defaulted scale spec. */
    public static ScalingPolicy of(ScaleSpec scale) {
        Duration stable = Duration.ofSeconds(scale.stableWindowSeconds());
        Duration panic = stable.multipliedBy(scale.panicWindowPercentage()).dividedBy(100);
        return new ScalingPolicy(scale.minScale(), scale.maxScale(), scale.target(),
                scale.targetUtilizationPercentage() / 100.0, stable, panic.isZero() ? Duration.ofSeconds(1) : panic,
                scale.panicThresholdPercentage() / 100.0, MAX_SCALE_UP_RATE, MAX_SCALE_DOWN_RATE,
                Duration.ofSeconds(scale.scaleToZeroGraceSeconds()));
    }
}

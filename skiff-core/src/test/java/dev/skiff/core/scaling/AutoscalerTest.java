package dev.skiff.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class AutoscalerTest {
    private static final long SECOND = 1_000_000_000L;

    /**
     * Records {@code concurrency} ten times a second for {@code seconds}, the first sample a tick
     * after {@code from}; returns the time of the last sample, when the server would decide.
     */
    private static long steady(Autoscaler scaler, long from, int seconds, double concurrency) {
        long t = from;
        for (int i = 0; i < seconds * 10; i++) {
            t += SECOND / 10;
            scaler.record(t, concurrency);
        }
        return t;
    }

    @Test
    void decide_steadyLoad_sizesForTargetTimesUtilization() {
        Autoscaler scaler = new Autoscaler(ScalingPolicy.of(0, 0, 1), 0);
        long now = steady(scaler, 0, 60, 10);

        ScaleDecision decision = scaler.decide(now, 15);

        assertThat(decision.desired()).isEqualTo(15);
        assertThat(decision.panic()).isFalse();
        assertThat(decision.stableConcurrency()).isEqualTo(10.0, offset(0.2));
    }

    @Test
    void decide_noTraffic_keepsOneInstanceThroughTheGraceThenScalesToZero() {
        Autoscaler scaler = new Autoscaler(ScalingPolicy.of(0, 0, 10), 0);
        long end = steady(scaler, 0, 5, 3);
        long idle = steady(scaler, end, 20, 0);

        assertThat(scaler.decide(idle, 1).desired()).isEqualTo(1);

        long later = steady(scaler, idle, 60, 0);
        assertThat(scaler.decide(later, 1).desired()).isZero();
    }

    @Test
    void decide_neverBelowMinScaleNorAboveMaxScale() {
        Autoscaler idle = new Autoscaler(ScalingPolicy.of(2, 5, 1), 0);
        assertThat(idle.decide(steady(idle, 0, 120, 0), 2).desired()).isEqualTo(2);

        Autoscaler busy = new Autoscaler(ScalingPolicy.of(0, 5, 1), 0);
        assertThat(busy.decide(steady(busy, 0, 60, 100), 5).desired()).isEqualTo(5);
    }

    @Test
    void decide_burst_panicsAndFollowsThePanicWindow() {
        Autoscaler scaler = new Autoscaler(ScalingPolicy.of(0, 0, 10), 0);
        long calm = steady(scaler, 0, 60, 7);
        assertThat(scaler.decide(calm, 1).desired()).isEqualTo(1);

        long burst = steady(scaler, calm, 6, 100);
        ScaleDecision decision = scaler.decide(burst, 1);

        assertThat(decision.panic()).isTrue();
        assertThat(decision.desired()).isEqualTo(15);
    }

    @Test
    void decide_inPanic_neverScalesDownUntilAStableWindowAfterTheBurst() {
        Autoscaler scaler = new Autoscaler(ScalingPolicy.of(0, 0, 10), 0);
        long burst = steady(scaler, 0, 6, 100);
        assertThat(scaler.decide(burst, 1).desired()).isEqualTo(15);

        long quiet = steady(scaler, burst, 30, 7);
        ScaleDecision during = scaler.decide(quiet, 15);
        assertThat(during.panic()).isTrue();
        assertThat(during.desired()).isEqualTo(15);

        long over = steady(scaler, quiet, 61, 7);
        ScaleDecision after = scaler.decide(over, 15);
        assertThat(after.panic()).isFalse();
        assertThat(after.desired()).isLessThan(15);
    }

    @Test
    void decide_fromZeroWithQueuedRequests_asksForInstancesAtOnce() {
        Autoscaler scaler = new Autoscaler(ScalingPolicy.of(0, 0, 10), 0);
        long idle = steady(scaler, 0, 120, 0);
        assertThat(scaler.decide(idle, 0).desired()).isZero();

        scaler.record(idle, 3);
        ScaleDecision decision = scaler.decide(idle, 0);

        assertThat(decision.desired()).isEqualTo(1);
    }

    @Test
    void decide_burstAfterSilence_sizesForTheWholeBurstAtOnce() {
        Autoscaler scaler = new Autoscaler(ScalingPolicy.of(0, 0, 10), 0);
        long quiet = steady(scaler, 0, 5, 2);
        long burstAt = quiet + 300 * SECOND;

        scaler.record(burstAt, 100);
        ScaleDecision decision = scaler.decide(burstAt, 0);

        assertThat(decision.desired()).isEqualTo(15);
        assertThat(decision.panic()).isTrue();
    }

    @Test
    void decide_scaleDown_isLimitedToHalvingPerDecision() {
        Autoscaler scaler = new Autoscaler(ScalingPolicy.of(0, 0, 1), 0);
        long now = steady(scaler, 0, 120, 0.5);

        assertThat(scaler.decide(now, 10).desired()).isEqualTo(5);
    }

    @Test
    void policy_invalidBounds_areRefused() {
        assertThatThrownBy(() -> ScalingPolicy.of(5, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScalingPolicy.of(0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

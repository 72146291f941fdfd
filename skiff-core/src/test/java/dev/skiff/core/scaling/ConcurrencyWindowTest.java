package dev.skiff.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrencyWindowTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void average_emptyWindow_isMinusOne() {
        assertThat(new ConcurrencyWindow(10).average(5 * SECOND, 10)).isEqualTo(-1);
    }

    @Test
    void average_bucketsWithoutSamplesCountAsZero() {
        ConcurrencyWindow window = new ConcurrencyWindow(10);
        window.record(0, 0);
        window.record(9 * SECOND, 4);
        window.record(9 * SECOND + SECOND / 2, 6);

        assertThat(window.average(9 * SECOND + SECOND / 2, 1)).isEqualTo(5);
        assertThat(window.average(9 * SECOND + SECOND / 2, 10)).isEqualTo(0.5);
    }

    @Test
    void average_firstSampleWithinTheWindow_averagesThePartialWindowOnly() {
        ConcurrencyWindow window = new ConcurrencyWindow(60);
        window.record(100 * SECOND, 10);
        window.record(101 * SECOND, 20);

        assertThat(window.average(101 * SECOND, 60)).isEqualTo(15);
        assertThat(window.average(101 * SECOND, 6)).isEqualTo(15);
    }

    @Test
    void record_afterSilenceLongerThanTheWindow_startsAFreshWindow() {
        ConcurrencyWindow window = new ConcurrencyWindow(10);
        for (int s = 0; s < 10; s++) {
            window.record(s * SECOND, 0);
        }
        window.record(50 * SECOND, 100);

        assertThat(window.average(50 * SECOND, 10)).isEqualTo(100);
    }

    @Test
    void record_oldBucketsAreForgottenWhenTheirSlotIsReused() {
        ConcurrencyWindow window = new ConcurrencyWindow(2);
        window.record(0, 100);
        window.record(SECOND, 0);
        window.record(2 * SECOND, 1);

        assertThat(window.average(2 * SECOND, 2)).isEqualTo(0.5);
        assertThat(window.average(5 * SECOND, 2)).isEqualTo(-1);
    }
}

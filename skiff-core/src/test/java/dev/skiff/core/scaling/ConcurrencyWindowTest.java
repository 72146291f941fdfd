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
        window.record(9 * SECOND, 4);
        window.record(9 * SECOND + SECOND / 2, 6);

        assertThat(window.average(9 * SECOND + SECOND / 2, 1)).isEqualTo(5);
        assertThat(window.average(9 * SECOND + SECOND / 2, 10)).isEqualTo(0.5);
    }

    @Test
    void record_oldBucketsAreForgottenWhenTheirSlotIsReused() {
        ConcurrencyWindow window = new ConcurrencyWindow(2);
        window.record(0, 100);
        window.record(2 * SECOND, 1);

        assertThat(window.average(2 * SECOND, 2)).isEqualTo(0.5);
        assertThat(window.average(5 * SECOND, 2)).isEqualTo(-1);
    }
}

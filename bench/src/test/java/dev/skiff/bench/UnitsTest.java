package dev.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void millis_byMagnitude_keepsAboutFourSignificantDigits() {
        assertThat(Units.millis(52_345)).isEqualTo("0.052");
        assertThat(Units.millis(3_456_789)).isEqualTo("3.457");
        assertThat(Units.millis(34_567_890)).isEqualTo("34.57");
        assertThat(Units.millis(345_678_901)).isEqualTo("345.7");
    }

    @Test
    void addedMillis_positiveAndNegative_signed() {
        assertThat(Units.addedMillis(215_000)).isEqualTo("+0.215");
        assertThat(Units.addedMillis(-1_500_000)).isEqualTo("-1.500");
    }

    @Test
    void ratio_zeroDenominator_notApplicable() {
        assertThat(Units.ratio(1, 0)).isEqualTo("n/a");
        assertThat(Units.ratio(1, 3)).isEqualTo("0.33");
    }

    @Test
    void rate_fraction_roundedToWhole() {
        assertThat(Units.rate(1234.5)).isEqualTo("1235");
    }
}

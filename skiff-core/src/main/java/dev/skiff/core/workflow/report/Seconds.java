package dev.skiff.core.workflow.report;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as the reports write them: seconds, to the millisecond, without trailing zeros. */
final class Seconds {
    private Seconds() {}

    /** {@code duration} in seconds ({@code 1.5}, {@code 10}); null when it is null. */
    static String text(Duration duration) {
        return duration == null ? null : value(duration).toPlainString();
    }

    /** {@code duration} in seconds as a number, to the millisecond. */
    static BigDecimal value(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros();
        return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
    }
}

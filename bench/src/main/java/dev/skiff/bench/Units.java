package dev.skiff.bench;

import java.util.Locale;

/** Formats measured values for report cells, the same way in every benchmark. */
public final class Units {
    private static final double NANOS_PER_MILLI = 1e6;

    private Units() {}

    /** Nanoseconds as milliseconds: three decimals under 10 ms, two under 100 ms, then one. */
    public static String millis(double nanos) {
        double millis = nanos / NANOS_PER_MILLI;
        double magnitude = Math.abs(millis);
        String pattern = magnitude < 10 ? "%.3f" : magnitude < 100 ? "%.2f" : "%.1f";
        return String.format(Locale.ROOT, pattern, millis);
    }

    /** A difference in nanoseconds as signed milliseconds, e.g. {@code +0.215}. */
    public static String addedMillis(double nanos) {
        return (nanos >= 0 ? "+" : "") + millis(nanos);
    }

    /** A rate as a whole number. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** A ratio with two decimals; "n/a" when the denominator is zero. */
    public static String ratio(double numerator, double denominator) {
        return denominator == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }
}

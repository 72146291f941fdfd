package dev.skiff.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How long ago something happened, in kubectl's short form: {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d},
 * {@code 2y}.
 */
public final class Age {
    private Age() {}

    /** The age of an ISO-8601 timestamp at {@code now}, or null when the timestamp is missing or unreadable. */
    public static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return of(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A duration in the short form; a negative one (a clock ahead of ours) counts as {@code 0s}. */
    public static String of(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 120) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        return days < 730 ? days + "d" : days / 365 + "y";
    }
}

package dev.skiff.core.workflow.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Durations read from a job's timing record, whose times are ISO-8601 (with or without zone) or epoch seconds. */
final class RecordTimes {
    private RecordTimes() {}

    /** How long the job's command ran: {@code Command Time} to {@code OutputIO Time}, else {@code Start Time} to {@code End Time}; null when the record lacks both pairs. */
    static Duration command(ReportJob job) {
        Duration command = between(job, "Command Time", "OutputIO Time");
        return command != null ? command : between(job, "Start Time", "End Time");
    }

    private static Duration between(ReportJob job, String from, String to) {
        Instant start = instant(job.record().get(from));
        Instant end = instant(job.record().get(to));
        return start == null || end == null || end.isBefore(start) ? null : Duration.between(start, end);
    }

    /** {@code text} as an instant: ISO-8601 with a zone, local ISO-8601 read as UTC, or seconds since the epoch; null otherwise. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                return epochSeconds(text);
            }
        }
    }

    private static Instant epochSeconds(String text) {
        try {
            return Instant.ofEpochMilli(new BigDecimal(text.trim()).movePointRight(3).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}

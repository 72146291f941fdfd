package dev.skiff.server.activations;

import dev.skiff.server.logs.LogStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent log lines of each function, in memory, so that an activation record can carry the
 * lines its revision wrote while it ran without reading the log files.
 */
final class ActivationLogs implements LogStore.LineObserver {
    private static final int KEPT_PER_FUNCTION = 1000;
    private final Map<String, Deque<Line>> recent = new ConcurrentHashMap<>();

    private record Line(long millis, String source, String text) {}

    @Override
    public void line(String function, String stamped) {
        int first = stamped.indexOf(' ');
        int second = first < 0 ? -1 : stamped.indexOf(' ', first + 1);
        if (second < 0) {
            return;
        }
        long millis;
        try {
            millis = Instant.parse(stamped.substring(0, first)).toEpochMilli();
        } catch (DateTimeParseException e) {
            return;
        }
        Deque<Line> lines = recent.computeIfAbsent(function, f -> new ArrayDeque<>());
        synchronized (lines) {
            if (lines.size() == KEPT_PER_FUNCTION) {
                lines.pollFirst();
            }
            lines.addLast(new Line(millis, stamped.substring(first + 1, second), stamped.substring(second + 1)));
        }
    }

    /** At most {@code max} lines the revision wrote from {@code start} to {@code end} (epoch ms), oldest first. */
    List<String> between(String function, String revision, long start, long end, int max) {
        Deque<Line> lines = recent.get(function);
        List<String> found = new ArrayList<>();
        if (lines == null) {
            return found;
        }
        synchronized (lines) {
            for (Line line : lines) {
                if (line.millis() >= start && line.millis() <= end && line.source().startsWith(revision + "/")
                        && found.size() < max) {
                    found.add(line.text());
                }
            }
        }
        return found;
    }
}

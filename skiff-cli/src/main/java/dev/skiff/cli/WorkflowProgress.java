package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The progress line of a running workflow, e.g.
 * {@code [#####.....] 12/30 done, 4 running, 14 waiting, 0 failed, 1m02s elapsed, ETA 1m30s}: the ETA is
 * the mean time per job finished since the wait began times the jobs left, absent until one has.
 */
final class WorkflowProgress {
    private static final int BAR = 10;

    private WorkflowProgress() {}

    /**
     * The line for a workflow of {@code total} jobs with the server's {@code status.counts}, {@code elapsed}
     * after the wait began, when {@code finishedBefore} jobs had already finished (those a retry keeps).
     */
    static String line(int total, JsonNode counts, Duration elapsed, int finishedBefore) {
        int done = counts.path("succeeded").asInt();
        int running = counts.path("running").asInt();
        int waiting = counts.path("waiting").asInt() + counts.path("ready").asInt() + counts.path("retrying").asInt();
        int failed = counts.path("failed").asInt();
        int unreachable = counts.path("unreachable").asInt();
        int cancelled = counts.path("cancelled").asInt();
        int filled = total <= 0 ? 0 : Math.min(BAR, done * BAR / total);
        StringBuilder line = new StringBuilder()
                .append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                .append(done).append('/').append(total).append(" done, ")
                .append(running).append(" running, ")
                .append(waiting).append(" waiting, ")
                .append(failed).append(" failed, ");
        if (unreachable > 0) {
            line.append(unreachable).append(" unreachable, ");
        }
        if (cancelled > 0) {
            line.append(cancelled).append(" cancelled, ");
        }
        line.append(duration(elapsed)).append(" elapsed");
        int finished = finished(counts) - finishedBefore;
        int left = Math.max(0, total - done - failed - unreachable - cancelled);
        if (finished > 0 && left > 0) {
            line.append(", ETA ").append(duration(elapsed.multipliedBy(left).dividedBy(finished)));
        }
        return line.toString();
    }

    /** How many jobs have finished: succeeded or failed. */
    static int finished(JsonNode counts) {
        return counts.path("succeeded").asInt() + counts.path("failed").asInt();
    }

    /** A duration as {@code 45s}, {@code 1m02s} or {@code 2h05m}. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}

package dev.skiff.core.workflow.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A workflow run as the reports see it.
 *
 * @param name the workflow's name
 * @param state its state as the server words it ({@code Running}, {@code Succeeded}, ...)
 * @param start when it started, null when unknown
 * @param end when it ended, null while it runs
 * @param jobs its jobs, in file order
 */
public record RunReport(String name, String state, Instant start, Instant end, List<ReportJob> jobs) {
    /** Copies the jobs; name and state may not be null. */
    public RunReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        jobs = List.copyOf(jobs);
    }

    /** When it started: its start, else its earliest job start, else null. */
    public Instant origin() {
        if (start != null) {
            return start;
        }
        return jobs.stream().map(ReportJob::start).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    }
}

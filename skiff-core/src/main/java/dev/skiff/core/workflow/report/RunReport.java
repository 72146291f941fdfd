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

    /** When it started: the earliest of its start and its jobs' starts (a retried run's start is its retry's); null when none is known. */
    public Instant origin() {
        Instant first = jobs.stream().map(ReportJob::start).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        return first == null || start != null && start.isBefore(first) ? start : first;
    }
}

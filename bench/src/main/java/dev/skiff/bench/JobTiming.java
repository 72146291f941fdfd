package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One workflow run's makespan and where its jobs' time went, as means per job in nanoseconds: the whole
 * call (the engine's start to completion of the job; a direct run's process from start to exit), the
 * part of it inside the worker (its record's {@code Start Time} to {@code End Time}), and the part the
 * tool itself ran ({@code Command Time} to {@code OutputIO Time}). A direct run has only the first; the
 * other two equal it.
 *
 * @param makespan the run's makespan
 * @param call the mean time of a job's call
 * @param worker the mean time of a job inside the worker
 * @param command the mean time of a job's tool
 */
record JobTiming(long makespan, double call, double worker, double command) {
    /** A direct run's: every job's time is its process's. */
    static JobTiming direct(long makespan, long busy, int jobs) {
        double each = (double) busy / jobs;
        return new JobTiming(makespan, each, each, each);
    }

    /** A Skiff run's, from {@code GET /api/v1/workflows/{name}} with its jobs and their records. */
    static JobTiming skiff(long makespan, JsonNode workflow) {
        double call = 0;
        double worker = 0;
        double command = 0;
        JsonNode jobs = workflow.path("jobs");
        for (JsonNode job : jobs) {
            JsonNode record = job.path("record");
            call += Duration.between(Instant.parse(job.path("startTime").asText()),
                    Instant.parse(job.path("completionTime").asText())).toNanos();
            worker += local(record, "Start Time", "End Time");
            command += local(record, "Command Time", "OutputIO Time");
        }
        int n = Math.max(1, jobs.size());
        return new JobTiming(makespan, call / n, worker / n, command / n);
    }

    private static long local(JsonNode record, String from, String to) {
        return Duration.between(LocalDateTime.parse(record.path(from).asText()),
                LocalDateTime.parse(record.path(to).asText())).toNanos();
    }
}

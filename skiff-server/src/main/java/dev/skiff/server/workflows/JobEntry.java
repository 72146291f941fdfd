package dev.skiff.server.workflows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.core.workflow.JobState;

/**
 * One job of a workflow as recorded: its state and Skiff's fields beside the function's record.
 *
 * @param id the job's id
 * @param state its state
 * @param attempts attempts started
 * @param queuedTime when it (last) became ready, null before
 * @param startTime when its last attempt started, null before
 * @param completionTime when its last attempt answered, null before
 * @param revision the revision that served its last attempt
 * @param instance the instance that served its last attempt
 * @param activation the activation id of its last attempt (its record and log lines), null before or in an older store
 * @param record the function's record of its last attempt, verbatim, or null
 * @param error {@code {status, error, message}} of its last failure, or null
 */
public record JobEntry(String id, JobState state, int attempts, String queuedTime, String startTime, String completionTime,
                       String revision, String instance, String activation, ObjectNode record, ObjectNode error) {
    /** A job not started yet. */
    static JobEntry waiting(String id) {
        return new JobEntry(id, JobState.WAITING, 0, null, null, null, null, null, null, null, null);
    }

    JobEntry withState(JobState to, int attemptsNow, String queued) {
        return new JobEntry(id, to, attemptsNow, queued, startTime, completionTime, revision, instance, activation, record, error);
    }

    JobEntry started(int attempt, String now, String activationId) {
        return new JobEntry(id, JobState.RUNNING, attempt, queuedTime, now, null, null, null, activationId, record, error);
    }

    JobEntry answered(String now, String servedBy, String servedOn, ObjectNode timing, ObjectNode failure) {
        return new JobEntry(id, state, attempts, queuedTime, startTime, now, servedBy, servedOn, activation, timing, failure);
    }
}

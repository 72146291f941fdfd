package dev.skiff.core.workflow;

/** Where one job of a {@link DagRun} is. */
public enum JobState {
    /** A parent has not succeeded yet. */
    WAITING,
    /** Every parent succeeded; the job may start. */
    READY,
    /** An attempt was started and has not answered. */
    RUNNING,
    /** An attempt failed and another follows once its backoff has passed ({@link DagRun#retryDue}). */
    RETRYING,
    /** An attempt succeeded. */
    SUCCEEDED,
    /** Its last attempt failed, or an attempt failed in a way no retry helps. */
    FAILED,
    /** An ancestor failed, so it cannot run. */
    UNREACHABLE,
    /** The run was cancelled before the job finished. */
    CANCELLED;

    /** Whether the job is done: it succeeded, failed, cannot run or was cancelled. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == UNREACHABLE || this == CANCELLED;
    }
}

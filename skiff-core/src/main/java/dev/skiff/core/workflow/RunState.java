package dev.skiff.core.workflow;

/** Where a whole {@link DagRun} is. */
public enum RunState {
    /** Jobs are running or still to run. */
    RUNNING,
    /** Every job succeeded. */
    SUCCEEDED,
    /** Every job is done and at least one failed (so its descendants could not run). */
    FAILED,
    /** The run was cancelled. */
    CANCELLED
}

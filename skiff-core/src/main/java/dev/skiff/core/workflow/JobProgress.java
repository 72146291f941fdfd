package dev.skiff.core.workflow;

import java.util.Objects;

/**
 * What a run knows of one job, as it is saved and restored ({@link DagRun#progress()},
 * {@link DagRun#restore}).
 *
 * @param state where the job is
 * @param attempts how many attempts were started
 */
public record JobProgress(JobState state, int attempts) {
    /** Checks that there is a state and the attempts are not negative. */
    public JobProgress {
        Objects.requireNonNull(state, "state");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }
}

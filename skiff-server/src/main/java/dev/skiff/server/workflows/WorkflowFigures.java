package dev.skiff.server.workflows;

import dev.skiff.core.workflow.JobState;
import java.util.List;
import java.util.Map;

/**
 * The workflows' figures for {@code /metrics}, read at once.
 *
 * @param running the workflows running, by namespace (every namespace holding workflows, 0 included)
 * @param jobs the jobs of the workflows kept, by namespace and state
 * @param durations the histogram of job attempts' durations
 */
public record WorkflowFigures(Map<String, Integer> running, Map<String, Map<JobState, Integer>> jobs,
                             List<JobDurations.Series> durations) {}

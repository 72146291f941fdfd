package dev.skiff.server.workflows;

import dev.skiff.core.workflow.JobSpec;
import dev.skiff.core.workflow.JobState;
import java.util.List;
import java.util.Map;

/**
 * A workflow as the API shows it, taken at one moment.
 *
 * @param workflow what was submitted
 * @param jobCount how many jobs it has
 * @param status where it is
 * @param counts jobs in each state
 * @param jobs each job in file order, or empty when not asked for
 */
public record WorkflowView(WorkflowRecord workflow, int jobCount, WorkflowStatus status, Map<JobState, Integer> counts,
                           List<Job> jobs) {
    /**
     * One job.
     *
     * @param entry its entry
     * @param spec what it runs: transformation, arguments, input and output files
     * @param function the function that runs it
     * @param parents the IDs of the jobs it waits for, in file order
     */
    public record Job(JobEntry entry, JobSpec spec, String function, List<String> parents) {
        /** Its transformation. */
        public String transformation() {
            return spec.transformation();
        }
    }
}

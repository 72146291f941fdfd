package dev.skiff.server.workflows;

import java.util.List;

/** Where {@link WorkflowService} keeps workflows and the progress of their jobs. */
public interface WorkflowStore {
    /** Records a new workflow; false when one of that namespace and name exists. */
    boolean insert(WorkflowRecord workflow, WorkflowStatus status);

    /** Saves a workflow's status. */
    void saveStatus(String namespace, String name, WorkflowStatus status);

    /** Saves these entries of jobs of one workflow, all or none. */
    void saveJobs(String namespace, String name, List<JobEntry> jobs);

    /** Saves one job's entry. */
    default void saveJob(String namespace, String name, JobEntry job) {
        saveJobs(namespace, name, List.of(job));
    }

    /** Deletes every workflow of {@code namespace} and the entries of its jobs. */
    void deleteAll(String namespace);

    /** Every workflow, oldest first, with its status and the entries of its jobs saved so far. */
    List<Stored> all();

    /**
     * A stored workflow.
     *
     * @param workflow what was submitted
     * @param status where it is
     * @param jobs the entries saved, any order
     */
    record Stored(WorkflowRecord workflow, WorkflowStatus status, List<JobEntry> jobs) {}
}

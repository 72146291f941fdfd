package dev.skiff.core.workflow;

import dev.skiff.api.Quote;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A workflow's jobs by number (their place in the file) and each one's children by number, for {@link DagRun}. */
final class DagGraph {
    private final WorkflowDefinition workflow;
    private final Map<String, Integer> index;
    private final int[][] children;

    DagGraph(WorkflowDefinition workflow) {
        this.workflow = workflow;
        List<JobSpec> jobs = workflow.jobs();
        this.index = new HashMap<>(jobs.size() * 2);
        for (int i = 0; i < jobs.size(); i++) {
            index.put(jobs.get(i).id(), i);
        }
        this.children = new int[jobs.size()][];
        for (int i = 0; i < jobs.size(); i++) {
            List<String> kids = workflow.children(jobs.get(i).id());
            children[i] = kids.stream().mapToInt(index::get).toArray();
        }
    }

    /** The number of jobs. */
    int size() {
        return children.length;
    }

    /** Job {@code i}. */
    JobSpec job(int i) {
        return workflow.jobs().get(i);
    }

    /** The numbers of job {@code i}'s children. */
    int[] children(int i) {
        return children[i];
    }

    /** The number of job {@code id}; an ID no job has is the caller's mistake. */
    int indexOf(String id) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("no job " + Quote.value(id) + " in the workflow " + Quote.value(workflow.name()));
        }
        return i;
    }

    /** Whether a job has the ID {@code id}. */
    boolean has(String id) {
        return index.containsKey(id);
    }
}

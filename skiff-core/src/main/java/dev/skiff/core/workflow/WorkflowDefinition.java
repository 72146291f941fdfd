package dev.skiff.core.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow: its jobs in the order its file lists them and the dependencies between them, each
 * parent's children (a child runs only after all its parents succeeded). Always valid: at least one
 * job, unique job IDs, dependencies between existing jobs, and no cycle ({@link WorkflowValidation}).
 *
 * @param name the workflow's name, as its file gives it
 * @param jobs the jobs, in file order
 * @param edges each parent job's ID and its children's IDs, in the order first given; jobs without children are absent
 */
public record WorkflowDefinition(String name, List<JobSpec> jobs, Map<String, List<String>> edges) {
    /**
     * Copies the jobs and edges (a child named twice under one parent counts once) and checks them.
     *
     * @throws dev.skiff.api.ValidationException naming every job or dependency that is wrong
     */
    public WorkflowDefinition {
        Objects.requireNonNull(name, "name");
        jobs = List.copyOf(jobs);
        edges = copy(edges);
        WorkflowValidation.check(jobs, edges);
    }

    /** The IDs of the jobs that depend directly on job {@code id}, empty when none do. */
    public List<String> children(String id) {
        return edges.getOrDefault(id, List.of());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> edges) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        edges.forEach((parent, children) -> {
            if (!children.isEmpty()) {
                copy.put(Objects.requireNonNull(parent, "parent"), List.copyOf(new LinkedHashSet<>(children)));
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}

package dev.skiff.core.workflow;

import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules every {@link WorkflowDefinition} keeps: at least one job, each with an ID and a
 * transformation, IDs unique, dependencies naming existing jobs, and no cycle (a cycle is reported
 * with its jobs, in order). Linear in jobs plus dependencies, without recursion, so a 10,000-deep
 * chain is checked as quickly as a wide one.
 */
final class WorkflowValidation {
    private WorkflowValidation() {}

    /** Throws a {@link dev.skiff.api.ValidationException} listing what is wrong, if anything is. */
    static void check(List<JobSpec> jobs, Map<String, List<String>> edges) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Integer> index = jobs(jobs, errors);
        if (errors.isEmpty()) {
            int[][] children = children(jobs.size(), index, edges, errors);
            if (errors.isEmpty()) {
                cycle(jobs, children).ifPresent(errors::add);
            }
        }
        WorkflowErrors.throwIfAny(errors);
    }

    private static Map<String, Integer> jobs(List<JobSpec> jobs, List<FieldError> errors) {
        if (jobs.isEmpty()) {
            errors.add(new FieldError("jobs", "a workflow needs at least one job"));
        }
        Map<String, Integer> index = new HashMap<>(jobs.size() * 2);
        for (int i = 0; i < jobs.size(); i++) {
            JobSpec job = jobs.get(i);
            if (job.id().isBlank()) {
                errors.add(new FieldError("jobs[" + i + "].id", "is required"));
                continue;
            }
            if (job.transformation().isBlank()) {
                errors.add(new FieldError("jobs[" + i + "]", "job " + Quote.value(job.id()) + " names no transformation"));
            }
            Integer earlier = index.putIfAbsent(job.id(), i);
            if (earlier != null) {
                errors.add(new FieldError("jobs[" + i + "].id", Quote.value(job.id()) + " is also the ID of jobs[" + earlier + "]"));
            }
        }
        return index;
    }

    private static int[][] children(int size, Map<String, Integer> index, Map<String, List<String>> edges,
                                    List<FieldError> errors) {
        int[][] children = new int[size][];
        edges.forEach((parent, kids) -> {
            Integer from = index.get(parent);
            if (from == null) {
                errors.add(new FieldError("dependencies", "no job " + Quote.value(parent) + ", the parent of "
                        + Quote.value(kids.get(0))));
                return;
            }
            int[] to = new int[kids.size()];
            for (int k = 0; k < kids.size(); k++) {
                Integer child = index.get(kids.get(k));
                if (child == null) {
                    errors.add(new FieldError("dependencies", "no job " + Quote.value(kids.get(k)) + ", a child of "
                            + Quote.value(parent)));
                    return;
                }
                to[k] = child;
            }
            children[from] = to;
        });
        for (int i = 0; i < size; i++) {
            if (children[i] == null) {
                children[i] = new int[0];
            }
        }
        return children;
    }

    /** A cycle, if the jobs have one: Kahn's algorithm, then a walk back through parents left unsorted. */
    private static Optional<FieldError> cycle(List<JobSpec> jobs, int[][] children) {
        int size = jobs.size();
        int[] parents = new int[size];
        for (int[] kids : children) {
            for (int child : kids) {
                parents[child]++;
            }
        }
        ArrayDeque<Integer> free = new ArrayDeque<>();
        for (int i = 0; i < size; i++) {
            if (parents[i] == 0) {
                free.add(i);
            }
        }
        int sorted = 0;
        while (!free.isEmpty()) {
            int job = free.poll();
            sorted++;
            for (int child : children[job]) {
                if (--parents[child] == 0) {
                    free.add(child);
                }
            }
        }
        if (sorted == size) {
            return Optional.empty();
        }
        List<String> loop = loop(jobs, children, parents);
        return Optional.of(new FieldError("dependencies", "the jobs "
                + loop.stream().map(Quote::value).collect(Collectors.joining(" → ")) + " form a cycle"));
    }

    /**
     * One cycle among the jobs Kahn's algorithm left (those with {@code remaining > 0}): each has a
     * parent also left, so walking from parent to parent must come back to a job already seen.
     */
    private static List<String> loop(List<JobSpec> jobs, int[][] children, int[] remaining) {
        int[] leftParent = new int[jobs.size()];
        Arrays.fill(leftParent, -1);
        int start = -1;
        for (int parent = 0; parent < children.length; parent++) {
            if (remaining[parent] > 0) {
                start = parent;
                for (int child : children[parent]) {
                    if (remaining[child] > 0) {
                        leftParent[child] = parent;
                    }
                }
            }
        }
        int[] seenAt = new int[jobs.size()];
        Arrays.fill(seenAt, -1);
        List<Integer> walk = new ArrayList<>();
        int job = start;
        while (seenAt[job] < 0) {
            seenAt[job] = walk.size();
            walk.add(job);
            job = leftParent[job];
        }
        List<String> loop = new ArrayList<>();
        for (int i = walk.size() - 1; i >= seenAt[job]; i--) {
            loop.add(jobs.get(walk.get(i)).id());
        }
        loop.add(loop.get(0));
        return loop;
    }
}

package dev.skiff.cli;

import dev.skiff.core.workflow.JobSpec;
import dev.skiff.core.workflow.WorkflowDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A workflow's jobs run without Skiff, one at a time in dependency order: the reference a run through Skiff must match. */
final class DirectRun {
    private DirectRun() {}

    /** The jobs in an order where every parent comes before its children (Kahn's, ties in file order). */
    static List<JobSpec> dependencyOrder(WorkflowDefinition workflow) {
        Map<String, Integer> parents = new HashMap<>();
        workflow.jobs().forEach(job -> parents.put(job.id(), 0));
        workflow.edges().values().forEach(children -> children.forEach(child -> parents.merge(child, 1, Integer::sum)));
        Map<String, JobSpec> byId = new HashMap<>();
        workflow.jobs().forEach(job -> byId.put(job.id(), job));
        Deque<JobSpec> ready = new ArrayDeque<>(workflow.jobs().stream().filter(job -> parents.get(job.id()) == 0).toList());
        List<JobSpec> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            JobSpec job = ready.removeFirst();
            order.add(job);
            for (String child : workflow.children(job.id())) {
                if (parents.merge(child, -1, Integer::sum) == 0) {
                    ready.addLast(byId.get(child));
                }
            }
        }
        return order;
    }

    /** Runs every job's transformation with its arguments in {@code rundir}; fails on the first that exits non-zero. */
    static void run(WorkflowDefinition workflow, Path rundir) throws IOException, InterruptedException {
        for (JobSpec job : dependencyOrder(workflow)) {
            List<String> argv = new ArrayList<>(List.of(job.transformation()));
            argv.addAll(job.arguments());
            Process process = new ProcessBuilder(argv).directory(rundir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(job.id() + " (" + job.transformation() + ") failed: " + output);
            }
        }
    }
}

package dev.skiff.bench;

import dev.skiff.core.workflow.JobSpec;
import dev.skiff.core.workflow.WorkflowDefinition;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline of the workflow benchmark: a workflow's jobs run as local processes, each started as soon
 * as its parents have finished, at most {@code parallelism} at once, with no server in between.
 */
final class DirectDag {
    private static final File NO_INPUT = new File("/dev/null");

    private DirectDag() {}

    /**
     * Runs every job of {@code workflow} in {@code rundir} (its transformation with its arguments, output
     * read and dropped, as the command runtime's worker reads it) and returns its makespan and its jobs' mean time.
     *
     * @throws IllegalStateException when a job exits non-zero
     */
    static JobTiming run(WorkflowDefinition workflow, Path rundir, int parallelism) throws InterruptedException {
        Map<String, JobSpec> byId = new HashMap<>();
        Map<String, Integer> waitingFor = new HashMap<>();
        workflow.jobs().forEach(job -> {
            byId.put(job.id(), job);
            waitingFor.put(job.id(), 0);
        });
        workflow.edges().values().forEach(children -> children.forEach(child -> waitingFor.merge(child, 1, Integer::sum)));
        List<String> ready = new ArrayList<>(workflow.jobs().stream().map(JobSpec::id).filter(id -> waitingFor.get(id) == 0).toList());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        AtomicLong busy = new AtomicLong();
        try {
            ExecutorCompletionService<String> done = new ExecutorCompletionService<>(pool);
            long start = System.nanoTime();
            int running = 0;
            int finished = 0;
            while (finished < workflow.jobs().size()) {
                while (!ready.isEmpty()) {
                    JobSpec job = byId.get(ready.removeLast());
                    done.submit(() -> runJob(job, rundir, busy));
                    running++;
                }
                String id = finish(done);
                running--;
                finished++;
                for (String child : workflow.children(id)) {
                    if (waitingFor.merge(child, -1, Integer::sum) == 0) {
                        ready.add(child);
                    }
                }
                if (running == 0 && ready.isEmpty() && finished < workflow.jobs().size()) {
                    throw new IllegalStateException("the workflow has jobs no parent ever releases");
                }
            }
            return JobTiming.direct(System.nanoTime() - start, busy.get(), workflow.jobs().size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String finish(ExecutorCompletionService<String> done) throws InterruptedException {
        try {
            return done.take().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static String runJob(JobSpec job, Path rundir, AtomicLong busy) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<String> argv = new ArrayList<>(List.of(job.transformation()));
        argv.addAll(job.arguments());
        Process process = new ProcessBuilder(argv).directory(rundir.toFile()).redirectInput(NO_INPUT)
                .redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(job.id() + " (" + job.transformation() + ") exited " + process.exitValue()
                    + ": " + new String(out));
        }
        busy.addAndGet(System.nanoTime() - start);
        return job.id();
    }
}

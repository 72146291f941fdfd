package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DagRun on 10,000-job shapes: every job runs once, after all its parents, never more than the parallelism at once. */
class DagRunScaleTest {
    private static final int JOBS = 10_000;
    private static final int PARALLELISM = 8;

    /** A root, {@link #JOBS} jobs that each depend on it, and a sink that depends on them all. */
    private static WorkflowDefinition wide() {
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> edges = new LinkedHashMap<>();
        ids.add("root");
        List<String> middle = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String id = "m" + i;
            ids.add(id);
            middle.add(id);
            edges.put(id, List.of("sink"));
        }
        edges.put("root", middle);
        ids.add("sink");
        return WorkflowFixtures.workflow(ids, edges);
    }

    /** {@link #JOBS} jobs, each depending on the one before. */
    private static WorkflowDefinition chain() {
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (int i = 0; i < JOBS; i++) {
            ids.add("c" + i);
            if (i + 1 < JOBS) {
                edges.put("c" + i, List.of("c" + (i + 1)));
            }
        }
        return WorkflowFixtures.workflow(ids, edges);
    }

    /** The order jobs started in, and the most that ran at once. */
    private record Result(List<String> order, int mostRunning) {}

    /** Runs every job to success, oldest running job first, checking that no job starts before its parents. */
    private static Result runAll(WorkflowDefinition workflow) {
        Map<String, List<String>> parents = new HashMap<>();
        workflow.edges().forEach((parent, children) ->
                children.forEach(child -> parents.computeIfAbsent(child, c -> new ArrayList<>()).add(parent)));
        DagRun run = new DagRun(workflow, 0);
        Set<String> succeeded = new HashSet<>();
        ArrayDeque<String> running = new ArrayDeque<>();
        List<String> order = new ArrayList<>();
        List<String> early = new ArrayList<>();
        int mostRunning = 0;
        while (!run.finished()) {
            for (JobStart start : run.ready(PARALLELISM)) {
                String id = start.job().id();
                if (!succeeded.containsAll(parents.getOrDefault(id, List.of()))) {
                    early.add(id);
                }
                run.started(id, start.attempt());
                running.add(id);
                order.add(id);
            }
            mostRunning = Math.max(mostRunning, running.size());
            String done = running.poll();
            run.succeeded(done);
            succeeded.add(done);
        }
        assertThat(early).as("jobs started before all their parents succeeded").isEmpty();
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().get(JobState.SUCCEEDED)).isEqualTo(workflow.jobs().size());
        return new Result(order, mostRunning);
    }

    @Test
    void wideDag_runsEveryJobOnceWithinTheParallelism() {
        Result result = runAll(wide());

        List<String> order = result.order();
        assertThat(result.mostRunning()).isEqualTo(PARALLELISM);
        assertThat(order).hasSize(JOBS + 2).doesNotHaveDuplicates();
        assertThat(order.get(0)).isEqualTo("root");
        assertThat(order.get(1)).as("the middle in file order").isEqualTo("m0");
        assertThat(order.get(order.size() - 1)).isEqualTo("sink");
    }

    @Test
    void deepChain_runsInOrder() {
        Result result = runAll(chain());

        List<String> order = result.order();
        assertThat(result.mostRunning()).isEqualTo(1);
        assertThat(order).hasSize(JOBS);
        for (int i = 0; i < JOBS; i += 997) {
            assertThat(order.get(i)).isEqualTo("c" + i);
        }
    }

    @Test
    void deepChain_firstJobFails_everyOtherIsUnreachable() {
        DagRun run = new DagRun(chain(), 0);
        run.started("c0", 1);

        run.failed("c0", true);

        assertThat(run.counts().get(JobState.UNREACHABLE)).isEqualTo(JOBS - 1);
        assertThat(run.state("c9999")).isEqualTo(JobState.UNREACHABLE);
        assertThat(run.state()).isEqualTo(RunState.FAILED);

        run.retryFailed();
        assertThat(run.counts().get(JobState.WAITING)).isEqualTo(JOBS - 1);
        assertThat(run.counts().get(JobState.READY)).isEqualTo(1);
    }

    @Test
    void wideDag_middleJobFails_onlyTheSinkIsUnreachable() {
        DagRun run = new DagRun(wide(), 0);
        run.started("root", 1);
        run.succeeded("root");
        run.started("m0", 1);

        run.failed("m0", false);

        assertThat(run.state("sink")).isEqualTo(JobState.UNREACHABLE);
        assertThat(run.counts().get(JobState.READY)).isEqualTo(JOBS - 1);
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
    }
}

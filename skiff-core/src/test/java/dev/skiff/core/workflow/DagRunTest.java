package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.ValidationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagRunTest {
    private static final WorkflowDefinition MONTAGE = PegasusWorkflow.parse(WorkflowFixtures.text("montage.yml"));
    /** a → b, a → c, b → d, c → d, and e on its own. */
    private static final WorkflowDefinition DIAMOND = WorkflowFixtures.workflow(List.of("a", "b", "c", "d", "e"),
            Map.of("a", List.of("b", "c"), "b", List.of("d"), "c", List.of("d")));

    private static List<String> ids(List<JobStart> starts) {
        return starts.stream().map(start -> start.job().id()).toList();
    }

    /** Starts and succeeds {@code id}, which must be ready. */
    private static void run(DagRun run, String id) {
        run.started(id, run.attempts(id) + 1);
        run.succeeded(id);
    }

    @Test
    void new_jobsWithoutParentsAreReadyInFileOrder() {
        DagRun run = new DagRun(DIAMOND, 0);

        assertThat(ids(run.ready(10))).containsExactly("a", "e");
        assertThat(run.state("d")).isEqualTo(JobState.WAITING);
        assertThat(run.counts()).containsEntry(JobState.READY, 2).containsEntry(JobState.WAITING, 3)
                .containsEntry(JobState.SUCCEEDED, 0);
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void ready_respectsParallelismCountingRunningJobs() {
        DagRun run = new DagRun(MONTAGE, 0);

        assertThat(run.ready(1)).containsExactly(new JobStart(MONTAGE.jobs().get(0), 1));
        assertThat(ids(run.ready(1))).as("asking again starts nothing").containsExactly("ID0000001");
        run.started("ID0000001", 1);

        assertThat(run.ready(1)).isEmpty();
        assertThat(ids(run.ready(2))).containsExactly("ID0000002");
    }

    @Test
    void succeeded_childReadyOnlyOnceAllItsParentsSucceeded() {
        DagRun run = new DagRun(DIAMOND, 0);
        run(run, "a");
        assertThat(ids(run.ready(10))).containsExactly("e", "b", "c");

        run(run, "b");
        assertThat(run.state("d")).isEqualTo(JobState.WAITING);
        run(run, "c");
        assertThat(run.state("d")).isEqualTo(JobState.READY);
    }

    @Test
    void failed_retryableWithAttemptsLeft_waitsABackoffThenIsReadyForTheNextAttempt() {
        DagRun run = new DagRun(DIAMOND, 2);
        run.started("a", 1);

        assertThat(run.failed("a", true)).contains(Duration.ofSeconds(1));
        assertThat(run.state("a")).isEqualTo(JobState.RETRYING);
        assertThat(ids(run.ready(10))).containsExactly("e");

        run.retryDue("a");
        assertThat(run.ready(10)).startsWith(new JobStart(DIAMOND.jobs().get(4), 1)).contains(new JobStart(DIAMOND.jobs().get(0), 2));
        run.started("a", 2);
        assertThat(run.failed("a", true)).contains(Duration.ofSeconds(2));
    }

    @Test
    void failed_attemptsExhausted_failsTheJobAndMarksDescendantsUnreachable() {
        DagRun run = new DagRun(DIAMOND, 1);
        run.started("a", 1);
        run.failed("a", true);
        run.retryDue("a");
        run.started("a", 2);

        assertThat(run.failed("a", true)).isEmpty();

        assertThat(run.state("a")).isEqualTo(JobState.FAILED);
        assertThat(List.of(run.state("b"), run.state("c"), run.state("d"))).containsOnly(JobState.UNREACHABLE);
        assertThat(run.state()).as("e still runs").isEqualTo(RunState.RUNNING);
        run(run, "e");
        assertThat(run.finished()).isTrue();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.counts()).containsEntry(JobState.FAILED, 1).containsEntry(JobState.UNREACHABLE, 3)
                .containsEntry(JobState.SUCCEEDED, 1);
    }

    @Test
    void failed_notRetryable_failsAtOnceWhateverTheRetries() {
        DagRun run = new DagRun(DIAMOND, 5);
        run.started("a", 1);

        assertThat(run.failed("a", false)).isEmpty();
        assertThat(run.state("a")).isEqualTo(JobState.FAILED);
    }

    @Test
    void retryFailed_resumesFailedAndUnreachableWithAttemptsResetKeepingSucceeded() {
        DagRun run = new DagRun(DIAMOND, 0);
        run(run, "a");
        run(run, "e");
        run.started("b", 1);
        run.failed("b", true);
        run(run, "c");
        assertThat(run.state()).isEqualTo(RunState.FAILED);

        run.retryFailed();

        assertThat(run.state("b")).isEqualTo(JobState.READY);
        assertThat(run.attempts("b")).isZero();
        assertThat(run.state("d")).isEqualTo(JobState.WAITING);
        assertThat(run.state("a")).isEqualTo(JobState.SUCCEEDED);
        assertThat(ids(run.ready(10))).containsExactly("b");
        run(run, "b");
        run(run, "d");
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void cancel_cancelsWhatHasNotStarted_runningJobsStillReport() {
        DagRun run = new DagRun(DIAMOND, 3);
        run.started("a", 1);
        run.started("e", 1);

        run.cancel();

        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(run.finished()).isFalse();
        assertThat(List.of(run.state("b"), run.state("c"), run.state("d"))).containsOnly(JobState.CANCELLED);
        assertThat(run.ready(10)).isEmpty();
        run.succeeded("a");
        assertThat(run.failed("e", true)).isEmpty();
        assertThat(run.state("a")).isEqualTo(JobState.SUCCEEDED);
        assertThat(run.state("e")).isEqualTo(JobState.CANCELLED);
        assertThat(run.state("b")).isEqualTo(JobState.CANCELLED);
        assertThat(run.finished()).isTrue();
    }

    @Test
    void cancel_duringABackoff_cancelsTheJobAndTheRetryIsIgnored() {
        DagRun run = new DagRun(DIAMOND, 3);
        run.started("a", 1);
        run.failed("a", true);

        run.cancel();
        run.retryDue("a");

        assertThat(run.state("a")).isEqualTo(JobState.CANCELLED);
        assertThat(run.ready(10)).isEmpty();
    }

    @Test
    void retryFailed_afterCancel_resumesTheCancelledJobs() {
        DagRun run = new DagRun(DIAMOND, 0);
        run(run, "a");
        run.cancel();

        run.retryFailed();

        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(ids(run.ready(10))).containsExactly("b", "c", "e");
    }

    @Test
    void restore_afterCrash_keepsFinishedJobsAndRunsInterruptedOnesAgain() {
        Map<String, JobProgress> saved = new LinkedHashMap<>();
        saved.put("a", new JobProgress(JobState.SUCCEEDED, 1));
        saved.put("b", new JobProgress(JobState.RUNNING, 2));
        saved.put("c", new JobProgress(JobState.RETRYING, 1));
        saved.put("e", new JobProgress(JobState.FAILED, 3));

        DagRun run = DagRun.restore(DIAMOND, 2, saved);

        assertThat(run.state("a")).isEqualTo(JobState.SUCCEEDED);
        assertThat(run.state("e")).isEqualTo(JobState.FAILED);
        assertThat(run.state("d")).isEqualTo(JobState.WAITING);
        assertThat(run.ready(10)).containsExactly(new JobStart(DIAMOND.jobs().get(1), 2), new JobStart(DIAMOND.jobs().get(2), 2));
        run(run, "b");
        run(run, "c");
        run(run, "d");
        assertThat(run.state()).isEqualTo(RunState.FAILED);
    }

    @Test
    void restore_failedAncestor_makesDescendantsUnreachable() {
        DagRun run = DagRun.restore(DIAMOND, 0, Map.of("a", new JobProgress(JobState.FAILED, 1)));

        assertThat(List.of(run.state("b"), run.state("c"), run.state("d"))).containsOnly(JobState.UNREACHABLE);
        assertThat(ids(run.ready(10))).containsExactly("e");
    }

    @Test
    void restore_ofItsOwnProgress_isTheSameRun() {
        DagRun run = new DagRun(MONTAGE, 1);
        run(run, "ID0000001");
        run.started("ID0000002", 1);
        run.failed("ID0000002", true);

        DagRun restored = DagRun.restore(MONTAGE, 1, run.progress());

        assertThat(restored.state("ID0000001")).isEqualTo(JobState.SUCCEEDED);
        assertThat(restored.ready(8)).containsExactly(new JobStart(MONTAGE.jobs().get(1), 2));
        assertThat(restored.counts().get(JobState.WAITING)).isEqualTo(8);
    }

    @Test
    void restore_cancelledRun_staysCancelled() {
        DagRun run = DagRun.restore(DIAMOND, 0, Map.of("b", new JobProgress(JobState.CANCELLED, 0),
                "a", new JobProgress(JobState.RUNNING, 1)));

        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(run.ready(10)).isEmpty();
        assertThat(run.finished()).isTrue();
    }

    @Test
    void restore_jobTheWorkflowDoesNotHave_isRefused() {
        assertThatThrownBy(() -> DagRun.restore(DIAMOND, 0, Map.of("zz", new JobProgress(JobState.SUCCEEDED, 1))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("progress: no job 'zz' in the workflow; was its file changed since the run started?");
    }

    @Test
    void started_outOfTurn_isTheCallersMistake() {
        DagRun run = new DagRun(DIAMOND, 0);

        assertThatThrownBy(() -> run.started("d", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("job 'd' is WAITING, not READY");
        assertThatThrownBy(() -> run.started("a", 2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("job 'a' is at attempt 1, not 2");
        assertThatThrownBy(() -> run.succeeded("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no job 'nope' in the workflow 'test'");
        assertThatThrownBy(() -> run.ready(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoff_doublesFromOneSecondUpToThirty() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 40).stream().map(Backoff::after).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void drainChanged_namesEachMovedJobOnce_thenNothingUntilTheNextMove() {
        DagRun run = new DagRun(DIAMOND, 0);
        assertThat(run.drainChanged()).as("a new run's moves: its roots made ready").containsExactly("a", "e");
        assertThat(run.drainChanged()).isEmpty();

        run.started("a", 1);
        run.succeeded("a");

        assertThat(run.drainChanged()).containsExactly("a", "b", "c");
        assertThat(run.drainChanged()).isEmpty();
    }

    @Test
    void drainChanged_afterAFailure_namesTheFailedJobAndEveryDescendantMadeUnreachable() {
        DagRun run = new DagRun(DIAMOND, 0);
        run.drainChanged();
        run.started("a", 1);
        run.drainChanged();

        run.failed("a", false);

        assertThat(run.drainChanged()).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void drainChanged_afterRestore_namesEveryJob_soACallerComparesEachWithWhatItSaved() {
        Map<String, JobProgress> saved = new LinkedHashMap<>();
        saved.put("a", new JobProgress(JobState.SUCCEEDED, 1));
        DagRun run = DagRun.restore(DIAMOND, 0, saved);

        assertThat(run.drainChanged()).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    }
}

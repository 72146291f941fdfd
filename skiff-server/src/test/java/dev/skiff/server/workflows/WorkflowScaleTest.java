package dev.skiff.server.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.core.workflow.JobState;
import dev.skiff.core.workflow.RunState;
import dev.skiff.server.store.SqliteStore;
import dev.skiff.server.store.SqliteWorkflows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine over the real store with 10,000 no-op jobs, wide and as a chain: every job is called
 * once and saved succeeded, and a server started again on the store shows them all without calling any.
 */
class WorkflowScaleTest {
    private static final int JOBS = 10_000;

    @TempDir
    Path dir;

    /** A caller answering every job at once, counting the calls of each. */
    private static final class AtOnce implements JobCaller {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public CompletableFuture<JobAnswer> call(String functionKey, ObjectNode body, String activationId) {
            calls.computeIfAbsent(body.fieldNames().next(), k -> new AtomicInteger()).incrementAndGet();
            return CompletableFuture.completedFuture(new JobAnswer(200, "{}", null, "f-00001", "f-00001-a"));
        }

        @Override
        public String newActivationId() {
            return "act-" + ids.incrementAndGet();
        }
    }

    private static String workflow(boolean chain) {
        StringBuilder text = new StringBuilder("jobs:\n");
        for (int i = 0; i < JOBS; i++) {
            text.append("  - {id: j").append(i).append(", name: t, uses: [");
            if (chain && i > 0) {
                text.append("{lfn: f").append(i - 1).append(", type: input}, ");
            }
            text.append("{lfn: f").append(i).append(", type: output}]}\n");
        }
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tenThousandJobs_eachCalledOnceAndSavedSucceeded_andARestartCallsNone(boolean chain) {
        Path db = dir.resolve("skiff.db");
        SqliteStore.open(db).close();
        AtOnce caller = new AtOnce();
        try (SqliteWorkflows store = SqliteWorkflows.open(db)) {
            WorkflowService service = new WorkflowService(store, caller, key -> true, Clock.systemUTC());
            service.create("default", new WorkflowSubmission("wf", workflow(chain), "f", Map.of(), "/mnt/data/r", null, 1000, 0));
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("default", "wf").status().state() != RunState.RUNNING);
            service.close();

            assertThat(service.get("default", "wf").status().state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(caller.calls).hasSize(JOBS).allSatisfy((id, calls) -> assertThat(calls.get()).as(id).isEqualTo(1));
            WorkflowStore.Stored stored = store.all().get(0);
            assertThat(stored.jobs()).hasSize(JOBS).allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.SUCCEEDED));
            assertThat(stored.jobs()).extracting(JobEntry::activation).doesNotContainNull().doesNotHaveDuplicates();

            WorkflowService again = new WorkflowService(store, caller, key -> true, Clock.systemUTC());
            again.resume();
            assertThat(again.get("default", "wf").jobs()).hasSize(JOBS)
                    .allSatisfy(job -> assertThat(job.entry().state()).isEqualTo(JobState.SUCCEEDED));
            again.close();
            assertThat(caller.calls.values()).allSatisfy(calls -> assertThat(calls.get()).isEqualTo(1));
        }
    }
}

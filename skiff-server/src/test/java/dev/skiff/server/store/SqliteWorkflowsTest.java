package dev.skiff.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.core.workflow.JobState;
import dev.skiff.core.workflow.RunState;
import dev.skiff.server.workflows.JobEntry;
import dev.skiff.server.workflows.WorkflowRecord;
import dev.skiff.server.workflows.WorkflowStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs saved in batches: every entry of a batch is kept, a later batch updates them in place. */
class SqliteWorkflowsTest {
    @TempDir
    Path temp;

    private static JobEntry job(String id, JobState state, String activation) {
        return new JobEntry(id, state, 1, "q", "s", null, null, null, activation, null, null);
    }

    @Test
    void saveJobs_keepsEveryEntryOfTheBatch_andALaterBatchUpdatesThem() {
        Path db = temp.resolve("skiff.db");
        SqliteStore.open(db).close();
        try (SqliteWorkflows workflows = SqliteWorkflows.open(db)) {
            WorkflowRecord workflow = new WorkflowRecord("default", "wf", "jobs: []", "f", Map.of(), "/mnt/data/r", "r", 8, 0,
                    "2026-12-08T00:00:00Z");
            workflows.insert(workflow, new WorkflowStatus(RunState.RUNNING, "2026-12-08T00:00:00Z", null, null));

            workflows.saveJobs("default", "wf", List.of(job("a", JobState.RUNNING, "act-a"), job("b", JobState.READY, null),
                    job("c", JobState.READY, null)));
            workflows.saveJobs("default", "wf", List.of(job("a", JobState.SUCCEEDED, "act-a"), job("b", JobState.RUNNING, "act-b")));
            workflows.saveJobs("default", "wf", List.of());

            assertThat(workflows.all()).singleElement().satisfies(stored -> assertThat(stored.jobs())
                    .containsExactlyInAnyOrder(job("a", JobState.SUCCEEDED, "act-a"), job("b", JobState.RUNNING, "act-b"),
                            job("c", JobState.READY, null)));
        }
    }
}

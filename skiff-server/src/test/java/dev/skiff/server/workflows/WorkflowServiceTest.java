package dev.skiff.server.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.ValidationException;
import dev.skiff.core.workflow.JobState;
import dev.skiff.core.workflow.RunState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with a store in memory and a caller the test answers: which jobs start, and what is saved. */
class WorkflowServiceTest {
    private static final String DIAMOND = """
            jobs:
              - {id: a, name: pre, uses: [{lfn: f.a, type: output}]}
              - {id: b, name: mid, uses: [{lfn: f.a, type: input}, {lfn: f.b, type: output}]}
              - {id: c, name: mid, uses: [{lfn: f.a, type: input}, {lfn: f.c, type: output}]}
              - {id: d, name: post, uses: [{lfn: f.b, type: input}, {lfn: f.c, type: input}]}
            """;
    private final MemoryStore store = new MemoryStore();
    private final Calls calls = new Calls();
    private final WorkflowService service = new WorkflowService(store, calls, key -> !key.startsWith("missing"),
            Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void stop() {
        service.close();
    }

    private static WorkflowSubmission submission(String name, String function, int parallelism) {
        return new WorkflowSubmission(name, DIAMOND, function, Map.of(), "/mnt/data/run", null, parallelism, 0);
    }

    @Test
    void create_startsNoMoreThanTheParallelism_andRunsToSucceeded() {
        service.create("default", submission("wf", "jobs", 1));

        calls.answer("a", 200, "{\"ID\": \"a\"}");
        calls.answer("b", 200, "{\"ID\": \"b\"}");
        calls.answer("c", 200, "{}");
        calls.answer("d", 200, "{}");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.status("wf").state() == RunState.SUCCEEDED);
        assertThat(calls.order).containsExactly("a", "b", "c", "d");
        assertThat(calls.functions).containsOnly("jobs");
        WorkflowView view = service.get("default", "wf");
        assertThat(view.jobs()).extracting(j -> j.entry().state()).containsOnly(JobState.SUCCEEDED);
        assertThat(view.jobs().get(0).entry().record().get("ID").asText()).isEqualTo("a");
        assertThat(view.workflow().runId()).isEqualTo("wf");
        for (String id : List.of("a", "b", "c", "d")) {
            assertThat(store.job("wf", id).activation()).as("the activation of " + id).isEqualTo(calls.activations.get(id));
        }
        assertThat(calls.activations.values()).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void aJobThatFailsForGood_failsTheRun_namingItAndItsFunction_andItsDescendantsAreUnreachable() {
        service.create("team-a", submission("wf", "jobs", 8));

        calls.answer("a", 200, "{}");
        calls.answer("c", 400, "{\"error\": \"BadPath\", \"message\": \"no\"}");
        calls.answer("b", 200, "{}");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.status("wf").state() == RunState.FAILED);
        assertThat(calls.functions).containsOnly("jobs.team-a");
        assertThat(store.status("wf").message()).contains("job c").contains("jobs").contains("BadPath");
        assertThat(store.job("wf", "d").state()).isEqualTo(JobState.UNREACHABLE);
        assertThat(store.job("wf", "c").error().get("status").asInt()).isEqualTo(400);
    }

    @Test
    void resume_runsAgainTheJobThatWasRunning_butNotTheFinishedOnes() {
        WorkflowRecord workflow = new WorkflowRecord("default", "wf", DIAMOND, "jobs", Map.of(), "/mnt/data/run", "run", 8, 0,
                "2026-12-08T00:00:00Z");
        store.insert(workflow, new WorkflowStatus(RunState.RUNNING, "2026-12-08T00:00:00Z", null, null));
        store.saveJob("default", "wf", new JobEntry("a", JobState.SUCCEEDED, 1, null, null, null, null, null, null, null, null));
        store.saveJob("default", "wf", new JobEntry("b", JobState.RUNNING, 1, null, null, null, null, null, null, null, null));

        service.resume();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.order.size() == 2);
        assertThat(calls.order).containsExactlyInAnyOrder("b", "c");
        assertThat(service.get("default", "wf").jobs().get(1).entry().attempts()).isEqualTo(1);
    }

    @Test
    void create_aFunctionThatDoesNotExist_isRefusedNamingIt_andNothingIsStored() {
        assertThatThrownBy(() -> service.create("default", submission("wf", "missing-fn", 8)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("spec.function").hasMessageContaining("missing-fn");
        assertThatThrownBy(() -> service.create("default", submission("wf", null, 8)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("spec.map").hasMessageContaining("pre");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void create_aWorkflowOfMoreJobsThanTheCap_isRefusedSayingHowMany_andNothingIsStored() {
        StringBuilder text = new StringBuilder("jobs:\n");
        for (int i = 0; i <= WorkflowService.MOST_JOBS; i++) {
            text.append("  - {id: j").append(i).append(", name: t}\n");
        }
        WorkflowSubmission huge = new WorkflowSubmission("huge", text.toString(), "jobs", Map.of(), "/mnt/data/run", null, 8, 0);

        assertThatThrownBy(() -> service.create("default", huge)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("spec.workflow").hasMessageContaining("100001 jobs").hasMessageContaining("at most 100000");
        assertThat(store.all()).isEmpty();
        assertThat(calls.order).isEmpty();
    }

    /** A caller whose answers the test gives, job by job; it waits for the job's call first. */
    private static final class Calls implements JobCaller {
        final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> functions = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, CompletableFuture<JobAnswer>> pending = new ConcurrentHashMap<>();
        final Map<String, String> activations = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String newActivationId() {
            return "act-" + ids.incrementAndGet();
        }

        @Override
        public CompletableFuture<JobAnswer> call(String functionKey, ObjectNode body, String activationId) {
            String id = body.fieldNames().next();
            activations.put(id, activationId);
            order.add(id);
            functions.add(functionKey);
            return pending.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        void answer(String id, int status, String body) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> order.contains(id));
            pending.get(id).complete(new JobAnswer(status, body, null, "jobs-00001", null));
        }
    }

    /** The store in memory. */
    private static final class MemoryStore implements WorkflowStore {
        private final Map<String, WorkflowRecord> workflows = new LinkedHashMap<>();
        private final Map<String, WorkflowStatus> statuses = new ConcurrentHashMap<>();
        private final Map<String, Map<String, JobEntry>> jobs = new ConcurrentHashMap<>();

        @Override
        public synchronized boolean insert(WorkflowRecord workflow, WorkflowStatus status) {
            if (workflows.putIfAbsent(workflow.name(), workflow) != null) {
                return false;
            }
            statuses.put(workflow.name(), status);
            return true;
        }

        @Override
        public void saveStatus(String namespace, String name, WorkflowStatus status) {
            statuses.put(name, status);
        }

        @Override
        public void saveJobs(String namespace, String name, List<JobEntry> saved) {
            saved.forEach(job -> jobs.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(job.id(), job));
        }

        @Override
        public synchronized void deleteAll(String namespace) {
            workflows.values().removeIf(w -> w.namespace().equals(namespace));
        }

        @Override
        public synchronized List<Stored> all() {
            return workflows.values().stream().map(w -> new Stored(w, statuses.get(w.name()),
                    List.copyOf(jobs.getOrDefault(w.name(), Map.of()).values()))).toList();
        }

        WorkflowStatus status(String name) {
            return statuses.get(name);
        }

        JobEntry job(String name, String id) {
            return jobs.get(name).get(id);
        }
    }
}

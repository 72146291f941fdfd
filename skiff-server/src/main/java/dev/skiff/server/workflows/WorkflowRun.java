package dev.skiff.server.workflows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Namespaces;
import dev.skiff.core.workflow.DagRun;
import dev.skiff.core.workflow.FunctionMap;
import dev.skiff.core.workflow.JobOutcome;
import dev.skiff.core.workflow.JobProgress;
import dev.skiff.core.workflow.JobRequest;
import dev.skiff.core.workflow.JobSpec;
import dev.skiff.core.workflow.JobStart;
import dev.skiff.core.workflow.JobState;
import dev.skiff.core.workflow.RunState;
import dev.skiff.core.workflow.WorkflowDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner of one workflow: its {@link DagRun} under this object's lock, the entry of each job,
 * and the calls of the jobs it starts. Every change is saved in the {@link WorkflowStore} before the
 * run moves on; answers and backoffs are handled on the engine's executor, never on an event loop.
 */
final class WorkflowRun {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRun.class);
    private final WorkflowRecord workflow;
    private final FunctionMap functions;
    private final DagRun dag;
    private final Map<String, JobEntry> jobs = new LinkedHashMap<>();
    private final Map<String, JobSpec> specs = new LinkedHashMap<>();
    private final Map<String, List<String>> parents = new LinkedHashMap<>();
    private final Engine engine;
    private WorkflowStatus status;
    /** Bumped by each {@link #retry}, so a backoff timer or an answer of an earlier round is ignored. */
    private int round;
    /** Set by {@link #forget}: nothing more starts or is saved. */
    private boolean forgotten;
    /** What {@code /metrics} reads on an event loop without this object's lock (held while the store writes). */
    private volatile Figures figures;

    /**
     * Its figures as its last change left them.
     *
     * @param running whether it is running
     * @param counts how many of its jobs are in each state
     */
    record Figures(boolean running, Map<JobState, Integer> counts) {}

    /**
     * What every run of a service shares.
     *
     * @param store where changes are saved
     * @param caller how jobs are invoked
     * @param executor where answers and backoffs are handled
     * @param clock the time
     * @param durations where job attempts' durations are counted
     */
    record Engine(WorkflowStore store, JobCaller caller, ScheduledExecutorService executor, Clock clock,
                  JobDurations durations) {}

    private WorkflowRun(WorkflowRecord workflow, WorkflowDefinition definition, FunctionMap functions, DagRun dag,
                        WorkflowStatus status, Map<String, JobEntry> saved, Engine engine) {
        this.workflow = workflow;
        this.functions = functions;
        this.dag = dag;
        this.status = status;
        this.engine = engine;
        for (JobSpec job : definition.jobs()) {
            specs.put(job.id(), job);
            jobs.put(job.id(), saved.getOrDefault(job.id(), JobEntry.waiting(job.id())));
            parents.put(job.id(), new ArrayList<>());
        }
        definition.jobs().forEach(job -> definition.children(job.id()).forEach(child -> parents.get(child).add(job.id())));
        this.figures = new Figures(status.state() == RunState.RUNNING, dag.counts());
    }

    /** A new run of {@code workflow}, not started. */
    static WorkflowRun create(WorkflowRecord workflow, WorkflowDefinition definition, FunctionMap functions, Engine engine) {
        WorkflowStatus status = new WorkflowStatus(RunState.RUNNING, workflow.created(), null, null);
        return new WorkflowRun(workflow, definition, functions, new DagRun(definition, workflow.retries()), status,
                Map.of(), engine);
    }

    /** The run as the store left it; a running one is resumed by {@link #start}. */
    static WorkflowRun restore(WorkflowStore.Stored stored, WorkflowDefinition definition, FunctionMap functions,
                               Engine engine) {
        Map<String, JobEntry> saved = new LinkedHashMap<>();
        Map<String, JobProgress> progress = new LinkedHashMap<>();
        for (JobEntry job : stored.jobs()) {
            saved.put(job.id(), job);
            progress.put(job.id(), new JobProgress(job.state(), job.attempts()));
        }
        DagRun dag = DagRun.restore(definition, stored.workflow().retries(), progress);
        return new WorkflowRun(stored.workflow(), definition, functions, dag, stored.status(), saved, engine);
    }

    WorkflowRecord workflow() {
        return workflow;
    }

    /** Saves the jobs' states and starts what is ready. */
    synchronized void start() {
        advance();
    }

    /** Whether it is running (a cancelled run is running until its running jobs answered). */
    synchronized boolean running() {
        return status.state() == RunState.RUNNING;
    }

    /** Cancels it: nothing new starts; running jobs finish. */
    synchronized void cancel() {
        dag.cancel();
        advance();
    }

    /**
     * Stops it for good as its namespace is deleted: nothing new starts, and no answer or timer of a
     * job still running changes or saves anything once this returns.
     */
    synchronized void forget() {
        forgotten = true;
        round++;
        dag.cancel();
    }

    /** Runs again what did not succeed. */
    synchronized void retry() {
        round++;
        dag.retryFailed();
        status = new WorkflowStatus(RunState.RUNNING, engine.clock().instant().toString(), null, null);
        engine.store().saveStatus(workflow.namespace(), workflow.name(), status);
        advance();
    }

    /** Its figures as its last change left them, read without its lock. */
    Figures figures() {
        return figures;
    }

    /** What the API shows, with the jobs when {@code withJobs}. */
    synchronized WorkflowView view(boolean withJobs) {
        List<WorkflowView.Job> shown = new ArrayList<>();
        if (withJobs) {
            for (JobEntry job : jobs.values()) {
                JobSpec spec = specs.get(job.id());
                shown.add(new WorkflowView.Job(job, spec, functions.functionFor(spec.transformation()).orElse(null),
                        List.copyOf(parents.get(job.id()))));
            }
        }
        return new WorkflowView(workflow, jobs.size(), status, dag.counts(), shown);
    }

    private void answered(JobStart start, int startRound, String function, JobCaller.JobAnswer answer) {
        synchronized (this) {
            String id = start.job().id();
            if (startRound != round || dag.state(id) != JobState.RUNNING || dag.attempts(id) != start.attempt()) {
                return;
            }
            JobOutcome outcome = answer.status() == 0 ? JobOutcome.noAnswer(answer.error())
                    : JobOutcome.of(answer.status(), answer.body());
            Instant answeredAt = engine.clock().instant();
            String now = answeredAt.toString();
            JobEntry entry = jobs.get(id);
            engine.durations().record(workflow.namespace(), start.job().transformation(),
                    Duration.between(Instant.parse(entry.startTime()), answeredAt).toNanos() / 1e9);
            ObjectNode failure = null;
            if (outcome instanceof JobOutcome.Failed failed) {
                failure = JsonNodeFactory.instance.objectNode().put("status", failed.status()).put("error", failed.error())
                        .put("message", failed.message());
                Optional<Duration> backoff = dag.failed(id, failed.retryable());
                int failedRound = round;
                backoff.ifPresent(wait -> schedule(() -> retryDue(id, failedRound), wait));
                if (dag.state(id) == JobState.FAILED && status.message() == null) {
                    status = new WorkflowStatus(status.state(), status.startTime(), null, "job " + id + " (function " + function
                            + ") failed: " + failed.error() + ": " + failed.message());
                }
            } else {
                dag.succeeded(id);
            }
            jobs.put(id, entry.answered(now, answer.revision(), answer.instance(), outcome.record().orElse(null), failure));
            advance();
        }
    }

    private synchronized void retryDue(String id, int failedRound) {
        if (failedRound != round || dag.state(id) != JobState.RETRYING && dag.state(id) != JobState.CANCELLED) {
            return;
        }
        dag.retryDue(id);
        advance();
    }

    /**
     * Saves every job whose state changed and the jobs it starts, in one write, then calls those jobs'
     * functions, and saves the run's state once it is done. Only the jobs the DAG reports changed are
     * looked at, so an answer costs work in the jobs it moved, not in every job of the run.
     */
    private void advance() {
        if (forgotten) {
            return;
        }
        String now = engine.clock().instant().toString();
        List<JobEntry> changed = syncStates(now);
        List<JobStart> starts = dag.ready(workflow.parallelism());
        List<String> activations = new ArrayList<>(starts.size());
        for (JobStart start : starts) {
            String id = start.job().id();
            String activation = engine.caller().newActivationId();
            dag.started(id, start.attempt());
            JobEntry entry = jobs.get(id).started(start.attempt(), now, activation);
            jobs.put(id, entry);
            changed.add(entry);
            activations.add(activation);
        }
        dag.drainChanged(); // the starts, in changed already
        if (!changed.isEmpty()) {
            engine.store().saveJobs(workflow.namespace(), workflow.name(), changed);
        }
        for (int k = 0; k < starts.size(); k++) {
            JobStart start = starts.get(k);
            String function = functions.functionFor(start.job().transformation()).orElseThrow();
            ObjectNode body = JobRequest.body(start.job(), workflow.runId(), workflow.rundir());
            int startRound = round;
            engine.caller().call(Namespaces.key(workflow.namespace(), function), body, activations.get(k))
                    .thenAccept(answer -> execute(() -> answered(start, startRound, function, answer)));
        }
        RunState state = dag.state();
        boolean done = dag.counts().get(JobState.RUNNING) == 0 && state != RunState.RUNNING;
        if (done && status.state() == RunState.RUNNING) {
            status = new WorkflowStatus(state, status.startTime(), now, state == RunState.FAILED ? status.message() : null);
            engine.store().saveStatus(workflow.namespace(), workflow.name(), status);
        }
        figures = new Figures(status.state() == RunState.RUNNING, dag.counts());
    }

    /** Brings the entry of each job the DAG moved to its state; answers the entries that changed, to save. */
    private List<JobEntry> syncStates(String now) {
        List<JobEntry> changed = new ArrayList<>();
        for (String id : dag.drainChanged()) {
            JobEntry entry = jobs.get(id);
            JobState state = dag.state(id);
            int attempts = dag.attempts(id);
            if (entry.state() != state || entry.attempts() != attempts) {
                String queued = state == JobState.READY && entry.state() != JobState.READY ? now : entry.queuedTime();
                JobEntry moved = entry.withState(state, attempts, queued);
                jobs.put(id, moved);
                changed.add(moved);
            }
        }
        return changed;
    }

    private void execute(Runnable work) {
        try {
            engine.executor().execute(logged(work));
        } catch (RejectedExecutionException stopping) {
            // The server is stopping: the job stays running in the store and runs again on resume.
        }
    }

    private void schedule(Runnable work, Duration wait) {
        try {
            engine.executor().schedule(logged(work), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The server is stopping: the job is ready again on resume.
        }
    }

    /** {@code work}, logging what it throws (a store that cannot write): the run stops there, and resumes on restart. */
    Runnable logged(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("workflow {} in namespace {} stopped: {}", workflow.name(), workflow.namespace(), e.getMessage(), e);
            }
        };
    }
}

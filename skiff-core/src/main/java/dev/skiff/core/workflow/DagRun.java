package dev.skiff.core.workflow;

import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a workflow as a state machine: which jobs may start, and what follows each answer. A
 * job is {@link JobState#READY} once all its parents succeeded; {@link #ready} hands out ready jobs in
 * the order they became ready (file order at first), no more than the parallelism allows; a failed
 * attempt is retried after a {@link Backoff} while attempts remain, else the job is
 * {@link JobState#FAILED} and every descendant {@link JobState#UNREACHABLE}. Each job keeps a count
 * of its parents yet to succeed, so a completion costs work in its children only and 10,000 jobs are
 * scheduled in milliseconds.
 *
 * <p>Pure: no clock and no I/O. The caller starts the attempts, reports each answer, waits out each
 * backoff on its own clock and then calls {@link #retryDue}. Not thread-safe: call it from one
 * thread, or hold one lock around every call.
 */
public final class DagRun {
    private final DagGraph graph;
    private final int maxAttempts;
    private final JobState[] states;
    private final int[] attempts;
    private final int[] parentsLeft;
    private final int[] counts = new int[JobState.values().length];
    private final LinkedHashSet<Integer> ready = new LinkedHashSet<>();
    /** The jobs moved since the last {@link #drainChanged}, each once: the first {@code changeCount} of {@code changes}. */
    private final int[] changes;
    private final boolean[] changed;
    private int changeCount;
    private boolean cancelled;

    /**
     * A new run of {@code workflow} where each job gets {@code retries} more attempts after its first.
     *
     * @throws IllegalArgumentException when {@code retries} is negative
     */
    public DagRun(WorkflowDefinition workflow, int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        this.graph = new DagGraph(workflow);
        this.maxAttempts = retries + 1;
        int size = graph.size();
        this.states = new JobState[size];
        this.attempts = new int[size];
        this.parentsLeft = new int[size];
        this.changes = new int[size];
        this.changed = new boolean[size];
        countParents();
        for (int i = 0; i < size; i++) {
            states[i] = JobState.WAITING;
            counts[JobState.WAITING.ordinal()]++;
            if (parentsLeft[i] == 0) {
                move(i, JobState.READY);
            }
        }
    }

    /**
     * The run of {@code workflow} as {@code saved} left it, after a restart. Succeeded, failed and
     * cancelled jobs stay so. A job that was running is run again as the same attempt (at least once:
     * its first run may have finished unseen); one waiting out a backoff is ready at once. Jobs saved
     * as waiting or ready, and jobs not saved, are waiting or ready as their parents say, and a job
     * with a failed ancestor is unreachable. A run with cancelled jobs stays cancelled.
     *
     * @throws ValidationException when {@code saved} names a job the workflow does not have
     */
    public static DagRun restore(WorkflowDefinition workflow, int retries, Map<String, JobProgress> saved) {
        DagRun run = new DagRun(workflow, retries);
        run.apply(saved);
        return run;
    }

    /**
     * The jobs to start now, at most {@code parallelism} minus those running, in the order they
     * became ready; none once the run is cancelled. Each is started with {@link #started}.
     */
    public List<JobStart> ready(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        int slots = parallelism - counts[JobState.RUNNING.ordinal()];
        List<JobStart> starts = new ArrayList<>(Math.max(0, Math.min(slots, ready.size())));
        if (cancelled) {
            return starts;
        }
        for (int i : ready) {
            if (starts.size() >= slots) {
                break;
            }
            starts.add(new JobStart(graph.job(i), attempts[i] + 1));
        }
        return starts;
    }

    /** Notes that attempt {@code attempt} of ready job {@code jobId} started; it must be the attempt {@link #ready} gave. */
    public void started(String jobId, int attempt) {
        int i = expect(jobId, JobState.READY);
        if (attempt != attempts[i] + 1) {
            throw new IllegalStateException("job " + Quote.value(jobId) + " is at attempt " + (attempts[i] + 1)
                    + ", not " + attempt);
        }
        attempts[i] = attempt;
        move(i, JobState.RUNNING);
    }

    /** Notes that running job {@code jobId} succeeded; children with no other parent left become ready. */
    public void succeeded(String jobId) {
        int i = expect(jobId, JobState.RUNNING);
        move(i, JobState.SUCCEEDED);
        for (int child : graph.children(i)) {
            if (--parentsLeft[child] == 0 && states[child] == JobState.WAITING) {
                move(child, JobState.READY);
            }
        }
    }

    /**
     * Notes that the running attempt of {@code jobId} failed. When it is {@code retryable} and
     * attempts remain, the job waits to be retried: the answer is the backoff, after which the caller
     * calls {@link #retryDue}. Otherwise the job has failed and its descendants are unreachable (or,
     * once the run is cancelled, the job is cancelled): the answer is empty.
     */
    public Optional<Duration> failed(String jobId, boolean retryable) {
        int i = expect(jobId, JobState.RUNNING);
        if (cancelled) {
            move(i, JobState.CANCELLED);
            return Optional.empty();
        }
        if (retryable && attempts[i] < maxAttempts) {
            move(i, JobState.RETRYING);
            return Optional.of(Backoff.after(attempts[i]));
        }
        move(i, JobState.FAILED);
        unreachableBelow(i);
        return Optional.empty();
    }

    /** Notes that the backoff of retrying job {@code jobId} has passed, so it is ready; nothing once the run is cancelled. */
    public void retryDue(String jobId) {
        int i = graph.indexOf(jobId);
        if (states[i] == JobState.CANCELLED) {
            return;
        }
        expect(jobId, JobState.RETRYING);
        move(i, JobState.READY);
    }

    /**
     * Cancels the run: every job not started or waiting out a backoff is cancelled. Jobs running
     * still report; one that succeeds counts as succeeded, one that fails is cancelled.
     */
    public void cancel() {
        cancelled = true;
        for (int i = 0; i < states.length; i++) {
            JobState state = states[i];
            if (state == JobState.WAITING || state == JobState.READY || state == JobState.RETRYING) {
                move(i, JobState.CANCELLED);
            }
        }
    }

    /**
     * Runs again what did not succeed (the {@code retry} command): failed, unreachable and cancelled
     * jobs wait or are ready again with their attempts reset; succeeded jobs are kept.
     */
    public void retryFailed() {
        cancelled = false;
        for (int i = 0; i < states.length; i++) {
            JobState state = states[i];
            if (state == JobState.FAILED || state == JobState.UNREACHABLE || state == JobState.CANCELLED) {
                attempts[i] = 0;
                move(i, parentsLeft[i] == 0 ? JobState.READY : JobState.WAITING);
            }
        }
    }

    /** Where job {@code jobId} is. */
    public JobState state(String jobId) {
        return states[graph.indexOf(jobId)];
    }

    /** How many attempts of job {@code jobId} were started. */
    public int attempts(String jobId) {
        return attempts[graph.indexOf(jobId)];
    }

    /** How many jobs are in each state (every state present, 0 for none). */
    public Map<JobState, Integer> counts() {
        Map<JobState, Integer> map = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            map.put(state, counts[state.ordinal()]);
        }
        return map;
    }

    /** Whether nothing is left to run or running: every job succeeded, failed, is unreachable or cancelled. */
    public boolean finished() {
        return counts[JobState.WAITING.ordinal()] + counts[JobState.READY.ordinal()]
                + counts[JobState.RUNNING.ordinal()] + counts[JobState.RETRYING.ordinal()] == 0;
    }

    /** Where the run is: cancelled once cancelled, running until finished, then failed if any job failed, else succeeded. */
    public RunState state() {
        if (cancelled) {
            return RunState.CANCELLED;
        }
        if (!finished()) {
            return RunState.RUNNING;
        }
        return counts[JobState.FAILED.ordinal()] + counts[JobState.UNREACHABLE.ordinal()] > 0
                ? RunState.FAILED : RunState.SUCCEEDED;
    }

    /**
     * The ids of the jobs whose state or attempts may have changed since the last call (or since the
     * run was made or restored), each once, in the order first changed; then forgets them. What a
     * caller saving each change needs to look at, instead of every job.
     */
    public List<String> drainChanged() {
        List<String> ids = new ArrayList<>(changeCount);
        for (int k = 0; k < changeCount; k++) {
            int i = changes[k];
            changed[i] = false;
            ids.add(graph.job(i).id());
        }
        changeCount = 0;
        return ids;
    }

    /** Every job's state and attempts, in file order, to save for {@link #restore}. */
    public Map<String, JobProgress> progress() {
        Map<String, JobProgress> progress = new LinkedHashMap<>(states.length * 2);
        for (int i = 0; i < states.length; i++) {
            progress.put(graph.job(i).id(), new JobProgress(states[i], attempts[i]));
        }
        return progress;
    }

    private int expect(String jobId, JobState expected) {
        int i = graph.indexOf(jobId);
        if (states[i] != expected) {
            throw new IllegalStateException("job " + Quote.value(jobId) + " is " + states[i] + ", not " + expected);
        }
        return i;
    }

    private void move(int i, JobState to) {
        JobState from = states[i];
        counts[from.ordinal()]--;
        counts[to.ordinal()]++;
        states[i] = to;
        if (!changed[i]) {
            changed[i] = true;
            changes[changeCount++] = i;
        }
        if (from == JobState.READY) {
            ready.remove(i);
        }
        if (to == JobState.READY) {
            ready.add(i);
        }
    }

    /** Marks every waiting descendant of job {@code i} unreachable, each once, without recursion. */
    private void unreachableBelow(int i) {
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.push(i);
        while (!todo.isEmpty()) {
            for (int child : graph.children(todo.pop())) {
                if (states[child] == JobState.WAITING) {
                    move(child, JobState.UNREACHABLE);
                    todo.push(child);
                }
            }
        }
    }

    /** Sets each job's parents yet to succeed: all its parents not {@link JobState#SUCCEEDED}. */
    private void countParents() {
        Arrays.fill(parentsLeft, 0);
        for (int parent = 0; parent < graph.size(); parent++) {
            if (states[parent] != JobState.SUCCEEDED) {
                for (int child : graph.children(parent)) {
                    parentsLeft[child]++;
                }
            }
        }
    }

    private void apply(Map<String, JobProgress> saved) {
        List<String> unknown = saved.keySet().stream().filter(id -> !graph.has(id)).limit(10).toList();
        if (!unknown.isEmpty()) {
            throw ValidationException.of("progress", "no job " + String.join(", ", unknown.stream().map(Quote::value).toList())
                    + " in the workflow; was its file changed since the run started?");
        }
        boolean wasCancelled = saved.values().stream().anyMatch(p -> p.state() == JobState.CANCELLED);
        for (int i = 0; i < states.length; i++) {
            JobProgress progress = saved.get(graph.job(i).id());
            JobState state = progress == null ? JobState.WAITING : progress.state();
            int started = progress == null ? 0 : progress.attempts();
            attempts[i] = state == JobState.RUNNING ? Math.max(0, started - 1) : started;
            move(i, state.finished() ? state : JobState.WAITING);
        }
        countParents();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == JobState.WAITING && (wasCancelled || parentsLeft[i] == 0)) {
                move(i, wasCancelled ? JobState.CANCELLED : JobState.READY);
            }
        }
        for (int i = 0; i < states.length; i++) {
            if (states[i] == JobState.FAILED || states[i] == JobState.UNREACHABLE) {
                unreachableBelow(i);
            }
        }
        cancelled = wasCancelled;
    }
}

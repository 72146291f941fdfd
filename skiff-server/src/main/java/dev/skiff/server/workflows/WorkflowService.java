package dev.skiff.server.workflows;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import dev.skiff.core.workflow.FunctionMap;
import dev.skiff.core.workflow.JobState;
import dev.skiff.core.workflow.WorkflowDefinition;
import dev.skiff.core.workflow.Workflows;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflows: submitted, listed, shown, cancelled and retried; every running one has a
 * {@link WorkflowRun}, and {@link #resume} starts again those a stopped server left running.
 */
public final class WorkflowService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);
    private static final int MOST_PARALLEL = 1000;
    private static final int MOST_RETRIES = 10;
    /** The most jobs a workflow may have: each is held in memory and has a row, for as long as the workflow is kept. */
    static final int MOST_JOBS = 100_000;
    /** The most transformations whose job durations get series of their own (names come from users' files). */
    private static final int MOST_TRANSFORMATIONS_SHOWN = 100;
    private final Map<String, WorkflowRun> runs = new LinkedHashMap<>();
    /** The runs as {@code /metrics} reads them on an event loop, without the lock (held while a workflow is parsed and stored). */
    private volatile List<WorkflowRun> published = List.of();
    private final Predicate<String> functionExists;
    private final WorkflowRun.Engine engine;

    /**
     * The workflows kept in {@code store}, whose jobs call functions through {@code caller}.
     *
     * @param functionExists whether a function key names a function
     * @param clock the time
     */
    public WorkflowService(WorkflowStore store, JobCaller caller, Predicate<String> functionExists, Clock clock) {
        this.functionExists = functionExists;
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("skiff-workflows").factory());
        this.engine = new WorkflowRun.Engine(store, caller, executor, clock, new JobDurations(MOST_TRANSFORMATIONS_SHOWN));
    }

    /** The figures of the workflows kept, for {@code /metrics}: read without any lock, never from the store. */
    public WorkflowFigures figures() {
        List<WorkflowRun> all = published;
        Map<String, Integer> running = new java.util.TreeMap<>();
        Map<String, Map<JobState, Integer>> jobs = new java.util.TreeMap<>();
        for (WorkflowRun run : all) {
            String namespace = run.workflow().namespace();
            WorkflowRun.Figures figures = run.figures();
            running.merge(namespace, figures.running() ? 1 : 0, Integer::sum);
            Map<JobState, Integer> counts = jobs.computeIfAbsent(namespace, k -> new java.util.EnumMap<>(JobState.class));
            figures.counts().forEach((state, n) -> counts.merge(state, n, Integer::sum));
        }
        return new WorkflowFigures(running, jobs, engine.durations().series());
    }

    /** Loads every stored workflow and resumes those that were running. */
    public synchronized void resume() {
        for (WorkflowStore.Stored stored : engine.store().all()) {
            WorkflowRecord workflow = stored.workflow();
            WorkflowRun run;
            try {
                run = WorkflowRun.restore(stored, Workflows.parse(workflow.text()), functionMap(workflow), engine);
            } catch (RuntimeException e) {
                LOG.error("workflow {} in namespace {} cannot be restored, so it is not shown or resumed: {}", workflow.name(),
                        workflow.namespace(), e.getMessage());
                continue;
            }
            runs.put(key(workflow.namespace(), workflow.name()), run);
            published = List.copyOf(runs.values());
            if (run.running()) {
                engine.executor().execute(run.logged(run::start));
            }
        }
    }

    /**
     * Checks and starts a workflow in {@code namespace}.
     *
     * @throws ValidationException naming the field that is wrong
     * @throws SkiffException 409 when one of its name exists
     */
    public synchronized WorkflowView create(String namespace, WorkflowSubmission submission) {
        String name = submission.name() == null ? "wf-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
                : submission.name();
        List<FieldError> errors = new ArrayList<>();
        FunctionValidation.validateName(name, "metadata.name", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (submission.text() == null || submission.text().isBlank()) {
            throw ValidationException.of("spec.workflow", "the workflow file's text is required");
        }
        WorkflowDefinition definition = Workflows.parse(submission.text());
        if (definition.jobs().size() > MOST_JOBS) {
            throw ValidationException.of("spec.workflow", "has " + definition.jobs().size() + " jobs; a workflow may have at most "
                    + MOST_JOBS + " (split it in parts)");
        }
        List<String> entries = submission.map().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        FunctionMap functions;
        try {
            functions = FunctionMap.of(submission.function(), entries);
            functions.check(definition);
        } catch (ValidationException e) {
            throw inSpec(e);
        }
        checkFunctionsExist(namespace, definition, functions);
        if (submission.rundir() == null || !submission.rundir().startsWith("/")) {
            throw ValidationException.of("spec.rundir", "an absolute path is required, e.g. /mnt/data/run1");
        }
        if (submission.parallelism() < 1 || submission.parallelism() > MOST_PARALLEL) {
            throw ValidationException.of("spec.parallelism", "must be 1 to " + MOST_PARALLEL);
        }
        if (submission.retries() < 0 || submission.retries() > MOST_RETRIES) {
            throw ValidationException.of("spec.retries", "must be 0 to " + MOST_RETRIES);
        }
        String key = key(namespace, name);
        if (runs.containsKey(key)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "workflow " + Quote.value(name) + " exists");
        }
        WorkflowRecord workflow = new WorkflowRecord(namespace, name, submission.text(), submission.function(),
                Map.copyOf(submission.map()), submission.rundir(), submission.runId() == null ? name : submission.runId(),
                submission.parallelism(), submission.retries(), engine.clock().instant().toString());
        WorkflowRun run = WorkflowRun.create(workflow, definition, functions, engine);
        if (!engine.store().insert(workflow, run.view(false).status())) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "workflow " + Quote.value(name) + " exists");
        }
        runs.put(key, run);
        published = List.copyOf(runs.values());
        engine.executor().execute(run.logged(run::start));
        return run.view(false);
    }

    /** The names of the namespace's workflows, as {@code workflow NAME}, for a namespace's delete. */
    public synchronized List<String> held(String namespace) {
        List<String> held = new ArrayList<>();
        for (WorkflowRun run : runs.values()) {
            if (run.workflow().namespace().equals(namespace)) {
                held.add("workflow " + run.workflow().name());
            }
        }
        return held;
    }

    /** Deletes every workflow of {@code namespace}: running ones stop (their running jobs' answers are dropped). */
    public synchronized void deleteAll(String namespace) {
        runs.values().removeIf(run -> {
            if (!run.workflow().namespace().equals(namespace)) {
                return false;
            }
            run.forget();
            return true;
        });
        published = List.copyOf(runs.values());
        engine.store().deleteAll(namespace);
    }

    /** The namespace's workflows, newest first, without their jobs. */
    public synchronized List<WorkflowView> list(String namespace) {
        List<WorkflowView> views = new ArrayList<>();
        for (WorkflowRun run : runs.values()) {
            if (run.workflow().namespace().equals(namespace)) {
                views.addFirst(run.view(false));
            }
        }
        return views;
    }

    /** One workflow with its jobs; 404 when none. */
    public WorkflowView get(String namespace, String name) {
        return run(namespace, name).view(true);
    }

    /** Cancels a running workflow; 409 when it finished. */
    public WorkflowView cancel(String namespace, String name) {
        WorkflowRun run = run(namespace, name);
        if (!run.running()) {
            throw new SkiffException(ErrorCode.CONFLICT, "workflow " + Quote.value(name) + " is "
                    + run.view(false).status().state().name().toLowerCase() + ", not running");
        }
        run.cancel();
        return run.view(false);
    }

    /** Runs again what did not succeed; 409 when it is running or succeeded. */
    public WorkflowView retry(String namespace, String name) {
        WorkflowRun run = run(namespace, name);
        WorkflowView view = run.view(false);
        switch (view.status().state()) {
            case RUNNING, SUCCEEDED -> throw new SkiffException(ErrorCode.CONFLICT, "workflow " + Quote.value(name) + " is "
                    + view.status().state().name().toLowerCase() + "; only a failed or cancelled workflow is retried");
            default -> run.retry();
        }
        return run.view(false);
    }

    private synchronized WorkflowRun run(String namespace, String name) {
        WorkflowRun run = runs.get(key(namespace, name));
        if (run == null) {
            throw new SkiffException(ErrorCode.NOT_FOUND, "no workflow " + Quote.value(name) + " in namespace " + namespace);
        }
        return run;
    }

    private void checkFunctionsExist(String namespace, WorkflowDefinition definition, FunctionMap functions) {
        List<String> missing = definition.jobs().stream().map(job -> functions.functionFor(job.transformation()).orElseThrow())
                .distinct().filter(f -> !functionExists.test(Namespaces.key(namespace, f))).toList();
        if (!missing.isEmpty()) {
            throw ValidationException.of(submissionField(functions, missing.getFirst()), "no function "
                    + String.join(", ", missing.stream().map(Quote::value).toList()) + " in namespace " + namespace
                    + "; deploy it first");
        }
    }

    /** The function map's errors, which name the CLI's flags ({@code --function}, {@code --map}), naming the spec's fields. */
    private static ValidationException inSpec(ValidationException e) {
        return new ValidationException(e.errors().stream().map(error -> new FieldError(
                error.field().replaceFirst("^--function", "spec.function").replaceFirst("^--map", "spec.map"),
                error.message())).toList());
    }

    private static String submissionField(FunctionMap functions, String function) {
        return functions.mappings().containsValue(function) ? "spec.map" : "spec.function";
    }

    private static FunctionMap functionMap(WorkflowRecord workflow) {
        return FunctionMap.of(workflow.function(), workflow.map().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Stops the runs; jobs running now are run again by the next {@link #resume}. */
    @Override
    public void close() {
        engine.executor().shutdownNow();
        try {
            engine.executor().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

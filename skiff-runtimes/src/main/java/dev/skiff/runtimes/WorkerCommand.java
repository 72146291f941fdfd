package dev.skiff.runtimes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to execute for one worker: its argv, the runtime's environment variables, how the worker
 * says it is ready, and whether a pre-started generic worker may become it instead. The process
 * backend adds the contract's variables ({@code PORT}, {@code SKIFF_*}) and the function's env.
 *
 * @param argv the program and its arguments, never passed through a shell
 * @param env the runtime's own environment variables
 * @param readiness how the backend learns that the worker serves
 * @param pool the name of the pool of generic workers ({@link LanguageRuntime#generic()}) that can
 *     become this worker exactly, or null when it must start afresh
 */
public record WorkerCommand(List<String> argv, Map<String, String> env, Readiness readiness, String pool) {
    /** Defensive copies. */
    public WorkerCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** A worker following the contract to the letter: it prints {@code SKIFF-READY} when it serves. */
    public WorkerCommand(List<String> argv, Map<String, String> env) {
        this(argv, env, Readiness.READY_LINE, null);
    }

    /** A worker that always starts afresh. */
    public WorkerCommand(List<String> argv, Map<String, String> env, Readiness readiness) {
        this(argv, env, readiness, null);
    }

    /** This command, which a generic worker of the pool {@code name} can become. */
    public WorkerCommand pooledBy(String name) {
        return new WorkerCommand(argv, env, readiness, name);
    }

    /** The pool whose generic workers can become this worker, if any. */
    public Optional<String> poolName() {
        return Optional.ofNullable(pool);
    }

    /** How a worker says it is ready. */
    public enum Readiness {
        /** It prints the line {@code SKIFF-READY} on stdout (Skiff's own bootstraps). */
        READY_LINE,
        /** It knows nothing of Skiff: ready once an HTTP request to its port gets any answer (HTTP apps). */
        HTTP_PROBE
    }
}

package dev.skiff.runtimes;

import java.util.List;
import java.util.Map;

/**
 * What to execute for one worker: its argv, the runtime's environment variables, and how the
 * worker says it is ready. The process backend adds the contract's variables ({@code PORT},
 * {@code SKIFF_*}) and the function's env.
 *
 * @param argv the program and its arguments, never passed through a shell
 * @param env the runtime's own environment variables
 * @param readiness how the backend learns that the worker serves
 */
public record WorkerCommand(List<String> argv, Map<String, String> env, Readiness readiness) {
    /** Defensive copies. */
    public WorkerCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** A worker following the contract to the letter: it prints {@code SKIFF-READY} when it serves. */
    public WorkerCommand(List<String> argv, Map<String, String> env) {
        this(argv, env, Readiness.READY_LINE);
    }

    /** How a worker says it is ready. */
    public enum Readiness {
        /** It prints the line {@code SKIFF-READY} on stdout (Skiff's own bootstraps). */
        READY_LINE,
        /** It knows nothing of Skiff: ready once an HTTP request to its port gets any answer (HTTP apps). */
        HTTP_PROBE
    }
}

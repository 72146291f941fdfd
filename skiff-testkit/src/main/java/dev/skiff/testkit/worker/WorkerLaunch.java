package dev.skiff.testkit.worker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What starts one worker as Skiff's process backend does (docs/worker-contract.md), in plain values:
 * the runtime's argv and environment, the revision's directories and the handler.
 *
 * @param argv the program and its arguments
 * @param env the runtime's variables, and any the test adds over the contract's (e.g. {@code SKIFF_SOCKET})
 * @param codeDir the function's code, also the working directory
 * @param depsDir where its requirements were installed
 * @param handler the handler in the runtime's own form, or null for an HTTP app (which has none)
 */
public record WorkerLaunch(List<String> argv, Map<String, String> env, Path codeDir, Path depsDir, String handler) {
    /** The function every harnessed worker serves, in {@code SKIFF_FUNCTION}. */
    public static final String FUNCTION = "hello";
    /** Its revision, in {@code SKIFF_REVISION}. */
    public static final String REVISION = "hello-00001";
    /** Its request timeout in seconds, in {@code SKIFF_TIMEOUT}. */
    public static final int TIMEOUT_SECONDS = 60;

    /** Defensive copies. */
    public WorkerLaunch {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** This launch with {@code more} variables, which win over the runtime's and the contract's. */
    public WorkerLaunch withEnv(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(more);
        return new WorkerLaunch(argv, merged, codeDir, depsDir, handler);
    }

    /** This launch told to serve on the Unix socket at {@code socket} as well ({@code SKIFF_SOCKET}). */
    public WorkerLaunch withSocket(Path socket) {
        return withEnv(Map.of("SKIFF_SOCKET", socket.toString()));
    }

    /** The whole environment the worker gets on {@code port} over the inherited one: the contract's variables, then {@link #env}. */
    Map<String, String> environment(int port) {
        Map<String, String> all = new HashMap<>(Map.of("PORT", Integer.toString(port), "SKIFF_FUNCTION", FUNCTION,
                "SKIFF_REVISION", REVISION, "SKIFF_CODE_DIR", codeDir.toString(), "SKIFF_DEPS_DIR", depsDir.toString(),
                "SKIFF_TIMEOUT", Integer.toString(TIMEOUT_SECONDS)));
        if (handler != null) {
            all.put("SKIFF_HANDLER", handler);
        }
        all.putAll(env);
        return all;
    }
}

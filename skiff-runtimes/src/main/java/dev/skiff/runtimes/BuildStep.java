package dev.skiff.runtimes;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One program a revision's build runs over the function's files.
 *
 * @param argv the program and its arguments
 * @param workDir where it runs
 * @param env its whole environment (a sandbox sets its own {@code HOME})
 * @param readable host directories it reads besides the system's files and the runtimes' own
 *     (the function's code)
 * @param writable the host directories it may write, and the only ones (the revision's dependencies)
 * @param port a loopback port it listens on that the server then connects to (the training run), or 0
 */
public record BuildStep(List<String> argv, Path workDir, Map<String, String> env, List<Path> readable,
                        List<Path> writable, int port) {
    /** What every build step takes from the server's environment: the path, the locale and proxies. */
    private static final List<String> COMMON = List.of("PATH", "LANG", "LC_ALL", "TZ", "http_proxy", "https_proxy",
            "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");

    public BuildStep {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        readable = List.copyOf(readable);
        writable = List.copyOf(writable);
    }

    /**
     * The server's variables a step inherits: the path, the locale, proxies, and those starting with
     * one of {@code prefixes} (a package manager's own settings, such as {@code PIP_INDEX_URL}); never
     * the rest, which may hold the server's own secrets.
     */
    public static Map<String, String> hostEnv(List<String> prefixes) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (COMMON.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
                env.put(name, value);
            }
        });
        return env;
    }
}

package dev.skiff.runtimes;

import java.util.List;
import java.util.Map;

/**
 * What to execute for one worker: its argv and the runtime's environment variables. The process
 * backend adds the contract's variables ({@code PORT}, {@code SKIFF_*}) and the function's env.
 */
public record WorkerCommand(List<String> argv, Map<String, String> env) {
    /** Defensive copies. */
    public WorkerCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}

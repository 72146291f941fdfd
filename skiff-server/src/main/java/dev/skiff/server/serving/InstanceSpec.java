package dev.skiff.server.serving;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import java.util.List;
import java.util.Map;

/**
 * What one worker process runs.
 *
 * @param function the function's name
 * @param revision the revision's name
 * @param handler the handler, passed on as {@code SKIFF_HANDLER}; null for runtimes without one
 * @param files the revision's code and dependency directories
 * @param command the runtime's argv and environment
 * @param userEnv the function's {@code spec.env}
 * @param timeoutSeconds the request timeout, passed on as {@code SKIFF_TIMEOUT}
 * @param volumes the volumes the worker mounts
 */
public record InstanceSpec(
        String function,
        String revision,
        String handler,
        RevisionFiles files,
        WorkerCommand command,
        Map<String, String> userEnv,
        int timeoutSeconds,
        List<VolumeBinding> volumes) {

    /** Defensive copy. */
    public InstanceSpec {
        volumes = List.copyOf(volumes);
    }

    /** A worker mounting no volumes. */
    public InstanceSpec(String function, String revision, String handler, RevisionFiles files, WorkerCommand command,
                        Map<String, String> userEnv, int timeoutSeconds) {
        this(function, revision, handler, files, command, userEnv, timeoutSeconds, List.of());
    }
}

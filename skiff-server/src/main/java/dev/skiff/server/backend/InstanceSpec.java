package dev.skiff.server.backend;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import java.util.Map;

/**
 * What one worker process runs.
 *
 * @param function the function's name
 * @param revision the revision's name
 * @param handler the handler, passed on as {@code SKIFF_HANDLER}
 * @param files the revision's code and dependency directories
 * @param command the runtime's argv and environment
 * @param userEnv the function's {@code spec.env}
 * @param timeoutSeconds the request timeout, passed on as {@code SKIFF_TIMEOUT}
 */
public record InstanceSpec(
        String function,
        String revision,
        String handler,
        RevisionFiles files,
        WorkerCommand command,
        Map<String, String> userEnv,
        int timeoutSeconds) {}

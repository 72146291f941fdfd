package dev.skiff.server.serving;

import dev.skiff.api.SecretRef;
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
 * @param resources the limits the function's spec asks for; the backend fills in its defaults
 * @param offline true when the worker gets no network at all ({@code spec.network: none})
 * @param secrets the secrets (of the function's namespace) the worker reads, by name; their values
 *     are fetched by the backend when each instance starts, never held here
 */
public record InstanceSpec(
        String function,
        String revision,
        String handler,
        RevisionFiles files,
        WorkerCommand command,
        Map<String, String> userEnv,
        int timeoutSeconds,
        List<VolumeBinding> volumes,
        Resources resources,
        boolean offline,
        List<SecretRef> secrets) {

    /** Defensive copies; no resources means the backend's defaults. */
    public InstanceSpec {
        volumes = List.copyOf(volumes);
        resources = resources == null ? Resources.DEFAULTS : resources;
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A worker reading no secret. */
    public InstanceSpec(String function, String revision, String handler, RevisionFiles files, WorkerCommand command,
                        Map<String, String> userEnv, int timeoutSeconds, List<VolumeBinding> volumes, Resources resources,
                        boolean offline) {
        this(function, revision, handler, files, command, userEnv, timeoutSeconds, volumes, resources, offline, List.of());
    }

    /** A worker with the backend's default limits. */
    public InstanceSpec(String function, String revision, String handler, RevisionFiles files, WorkerCommand command,
                        Map<String, String> userEnv, int timeoutSeconds, List<VolumeBinding> volumes) {
        this(function, revision, handler, files, command, userEnv, timeoutSeconds, volumes, Resources.DEFAULTS, false);
    }

    /** A worker mounting no volumes, with the backend's default limits. */
    public InstanceSpec(String function, String revision, String handler, RevisionFiles files, WorkerCommand command,
                        Map<String, String> userEnv, int timeoutSeconds) {
        this(function, revision, handler, files, command, userEnv, timeoutSeconds, List.of());
    }

    /**
     * The limits a function's {@code spec.resources.limits} asks for each instance.
     *
     * @param memoryBytes the most memory, in bytes; 0 when the spec names none
     * @param cpuMillicores the most CPU time, in thousandths of a CPU; 0 when the spec names none
     */
    public record Resources(long memoryBytes, long cpuMillicores) {
        /** None asked: the backend's defaults apply. */
        public static final Resources DEFAULTS = new Resources(0, 0);
    }
}

package dev.skiff.server.serving;

import dev.skiff.runtimes.BuildSandbox;
import java.util.List;
import java.util.Map;

/**
 * What starts a revision's instances, declared here where serving uses it: the local process
 * backend implements it for the embedded server, a fake one for tests of serving and scaling.
 */
public interface InstanceBackend extends AutoCloseable {
    /** Starts an instance of {@code spec} and returns once it is ready to serve. Blocking. */
    Instance start(InstanceSpec spec) throws StartException;

    /** The pools of pre-started instances this backend keeps, one entry per pool; empty when it keeps none. */
    List<PoolStats> poolStats();

    /**
     * The limits {@code spec}'s instances run under and what enforces them, for {@code skiff describe}
     * ({@code memory}, {@code cpu}, {@code pids}, {@code enforcement}); empty for a backend without limits.
     */
    default Map<String, Object> limits(InstanceSpec spec) {
        return Map.of();
    }

    /**
     * The memory limit each instance of {@code spec} runs under, in bytes: the spec's own, else the
     * backend's default, whether or not this machine enforces it. Namespaces' {@code maxMemory} counts it.
     * The default, for fakes in tests, is the spec's figure (0 when it names none).
     */
    default long memoryBytes(InstanceSpec spec) {
        return spec.resources().memoryBytes();
    }

    /**
     * Where the builds of a revision whose instances ask for {@code resources} run ({@code revision}
     * names them): as those instances do. The default runs them unconfined, for fakes in tests.
     */
    default BuildSandbox builds(String revision, InstanceSpec.Resources resources) {
        return BuildSandbox.unconfined();
    }

    /** Stops every instance it started, at once. */
    @Override
    void close();
}

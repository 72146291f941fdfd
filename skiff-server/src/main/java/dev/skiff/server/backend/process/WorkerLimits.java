package dev.skiff.server.backend.process;

import dev.skiff.server.backend.cgroups.Enforcement;
import dev.skiff.server.backend.cgroups.LimitSettings;
import dev.skiff.server.backend.cgroups.LimitText;
import dev.skiff.server.backend.cgroups.Limits;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.StartException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Gives each worker its limits (the spec's, or the server's defaults) and a cgroup holding them. */
final class WorkerLimits implements AutoCloseable {
    private static final String SPEC_FIELD = "spec.resources.limits.memory";
    private static final String DEFAULT_FLAG = "the server's default, skiff server --default-memory";

    private final Enforcement enforcement;
    private final LimitSettings settings;
    private final AtomicLong sequence = new AtomicLong();

    WorkerLimits(Enforcement enforcement, LimitSettings settings) {
        this.enforcement = enforcement;
        this.settings = settings;
    }

    /** The limits {@code spec}'s instances run under. */
    Limits of(InstanceSpec spec) {
        return settings.resolve(spec.resources().memoryBytes(), spec.resources().cpuMillicores());
    }

    /**
     * The size of the private {@code /tmp} of {@code spec}'s sandbox: half its memory limit (a tmpfs
     * holds its files in memory, counted against the limit: a full /tmp then says "no space left"
     * before the kernel kills the instance for memory).
     */
    long tmpBytes(InstanceSpec spec) {
        return of(spec).memoryBytes() / 2;
    }

    /** The size of a pooled worker's {@code /tmp}: as {@link #tmpBytes} for the default limit. */
    long defaultTmpBytes() {
        return settings.resolve(0, 0).memoryBytes() / 2;
    }

    /** Where {@code spec}'s memory limit comes from, for messages. */
    static String memorySource(InstanceSpec spec) {
        return spec.resources().memoryBytes() > 0 ? SPEC_FIELD : DEFAULT_FLAG;
    }

    /** A new group for {@code spec}'s worker. */
    Confinement confine(InstanceSpec spec) throws StartException {
        return confine(of(spec), memorySource(spec));
    }

    /** A new group holding the defaults, for a generic worker of the pool. */
    Confinement confineGeneric() throws StartException {
        return confine(settings.resolve(0, 0), DEFAULT_FLAG);
    }

    /** The limits a build for instances of {@code resources} runs under: theirs. */
    Limits ofBuild(InstanceSpec.Resources resources) {
        return settings.resolve(resources.memoryBytes(), resources.cpuMillicores());
    }

    /** A new group holding {@code held}, for one build step. */
    Confinement confineBuild(Limits held) throws StartException {
        return confine(held, "the function's own limit, for its build");
    }

    private Confinement confine(Limits limits, String memorySource) throws StartException {
        try {
            return new Confinement(enforcement.create("w" + sequence.incrementAndGet(), limits), limits, memorySource);
        } catch (IOException e) {
            throw new StartException("cannot make the instance's cgroup: " + e.getMessage());
        }
    }

    /** {@code spec}'s limits and what enforces them, for {@code skiff describe}. */
    Map<String, Object> view(InstanceSpec spec) {
        Limits limits = of(spec);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("memory", LimitText.bytes(limits.memoryBytes()));
        view.put("cpu", limits.cpuMillicores() == 0 ? "none" : LimitText.cpu(limits.cpuMillicores()));
        view.put("pids", limits.pids());
        view.put("enforcement", enforcement.describe());
        return view;
    }

    /** How limits are enforced, in a few words. */
    String describe() {
        return enforcement.describe();
    }

    /** Removes the server's groups, killing what is left in them. */
    @Override
    public void close() {
        enforcement.close();
    }
}

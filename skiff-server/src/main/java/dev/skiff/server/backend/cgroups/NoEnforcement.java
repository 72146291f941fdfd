package dev.skiff.server.backend.cgroups;

import java.nio.file.Path;
import java.util.List;

/** No cgroup the server may use: instances run without limits, and {@link #describe} says why. */
final class NoEnforcement implements Enforcement {
    private final String why;

    NoEnforcement(String why) {
        this.why = why;
    }

    @Override
    public boolean active() {
        return false;
    }

    @Override
    public String describe() {
        return "none: " + why;
    }

    @Override
    public InstanceGroup create(String name, Limits limits) {
        return new Unlimited();
    }

    @Override
    public void close() {
        // nothing was made
    }

    /** A group that holds nothing. */
    private record Unlimited() implements InstanceGroup {
        @Override
        public List<Path> procsFiles() {
            return List.of();
        }

        @Override
        public void apply(Limits next) {
            // nothing enforces them
        }

        @Override
        public long oomKills() {
            return 0;
        }

        @Override
        public void killAll() {
            // no group to kill: the process backend kills the worker's process tree
        }

        @Override
        public void close() {
            // nothing to remove
        }
    }
}

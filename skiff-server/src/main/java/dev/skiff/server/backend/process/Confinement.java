package dev.skiff.server.backend.process;

import dev.skiff.server.backend.cgroups.EnterCommand;
import dev.skiff.server.backend.cgroups.InstanceGroup;
import dev.skiff.server.backend.cgroups.LimitText;
import dev.skiff.server.backend.cgroups.Limits;
import java.io.IOException;
import java.util.List;

/**
 * One worker's cgroup and the limits it holds now: how the worker's command joins it, what the
 * kernel did in it, and its end, when whatever the worker left in it is killed and it is removed.
 * Whether the kernel killed a process for memory is read once more as the group ends, so it is
 * still known after the group is gone.
 */
final class Confinement {
    private final InstanceGroup group;
    private volatile Limits limits;
    private volatile String memorySource;
    private volatile long oomKillsAtEnd;
    private volatile boolean ended;

    /** {@code group}, holding {@code limits}, whose memory limit {@code memorySource} names (the spec's field or the server's flag). */
    Confinement(InstanceGroup group, Limits limits, String memorySource) {
        this.group = group;
        this.limits = limits;
        this.memorySource = memorySource;
    }

    /** {@code command}, started so that it runs in the group from its first instruction. */
    List<String> argv(List<String> command) {
        return EnterCommand.argv(group.procsFiles(), command);
    }

    /** Makes the group hold {@code next} (a pooled worker handed its function). */
    void handOver(Limits next, String nextMemorySource) throws IOException {
        group.apply(next);
        limits = next;
        memorySource = nextMemorySource;
    }

    /** The limits it holds. */
    Limits limits() {
        return limits;
    }

    /** True when the kernel has killed one of its processes for memory. */
    boolean outOfMemory() {
        if (!ended && group.oomKills() > 0) {
            return true;
        }
        return ended && oomKillsAtEnd > 0;
    }

    /** The memory limit in words, with where it came from: {@code 256Mi (spec.resources.limits.memory)}. */
    String memoryLimit() {
        return LimitText.bytes(limits.memoryBytes()) + " (" + memorySource + ")";
    }

    /** Kills every process in the group. */
    void killAll() {
        group.killAll();
    }

    /** Once its worker has exited: notes the kernel's kills, kills what is left and removes the group. */
    void end() {
        oomKillsAtEnd = group.oomKills();
        ended = true;
        group.close();
    }
}

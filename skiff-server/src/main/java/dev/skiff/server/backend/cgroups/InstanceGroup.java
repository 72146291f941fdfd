package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One instance's cgroup: what a starting worker joins, its limits, what the kernel did in it, and its end. */
public interface InstanceGroup {
    /** The files a process writes its own pid into to join this group, one per hierarchy; none without cgroups. */
    List<Path> procsFiles();

    /** Holds {@code next} instead (a pooled worker handed its function); fails when the kernel refuses them. */
    void apply(Limits next) throws IOException;

    /** How many of its processes the kernel has killed for memory. */
    long oomKills();

    /** Kills every process in it (SIGKILL), children a request left behind included. */
    void killAll();

    /** Kills what is left in it and removes it. */
    void close();
}

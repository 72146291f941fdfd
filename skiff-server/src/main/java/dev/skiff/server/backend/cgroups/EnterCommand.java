package dev.skiff.server.backend.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argv that starts a worker already confined: a tiny shell raises its own {@code oom_score_adj}
 * (so that, under memory pressure, the kernel kills a worker before the server), writes its own pid
 * into each of its group's {@code cgroup.procs}, then execs the worker's command, which so runs no
 * instruction outside its group and inherits the score. A failed write ends it with status 125
 * and a line on its standard error, before the command runs. The shell's own {@code PWD} is unset,
 * so the command gets exactly the environment it was given.
 */
public final class EnterCommand {
    /** The {@code oom_score_adj} of every worker; the server keeps its own (0 unless set otherwise). */
    public static final int WORKER_OOM_SCORE_ADJ = 500;
    /** The status the shell exits with when it cannot raise its score or join its group. */
    public static final int FAILED = 125;
    static final String SCRIPT = "echo \"$1\" >/proc/self/oom_score_adj || { echo \"skiff: cannot set the worker's oom_score_adj\" >&2; exit "
            + FAILED + "; }; n=$2; shift 2; while [ \"$n\" -gt 0 ]; do echo $$ >\"$1\" || { echo \"skiff: cannot join the cgroup $1\" >&2; exit "
            + FAILED + "; }; shift; n=$((n - 1)); done; unset PWD; exec \"$@\"";

    private EnterCommand() {}

    /** {@code command}, run by a shell that first joins the groups of {@code procsFiles}. */
    public static List<String> argv(List<Path> procsFiles, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "skiff-enter",
                Integer.toString(WORKER_OOM_SCORE_ADJ), Integer.toString(procsFiles.size())));
        procsFiles.forEach(file -> argv.add(file.toString()));
        argv.addAll(command);
        return argv;
    }
}

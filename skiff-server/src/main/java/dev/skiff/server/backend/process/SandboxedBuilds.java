package dev.skiff.server.backend.process;

import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BuildStep;
import dev.skiff.server.backend.cgroups.Limits;
import dev.skiff.server.backend.sandbox.Sandbox;
import dev.skiff.server.backend.sandbox.SandboxUser;
import dev.skiff.server.serving.StartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one revision's build steps as its instances run: in the {@link Sandbox} (as its unprivileged
 * user, with outbound network), in a cgroup holding the revision's limits, forked from the
 * backend's spawner thread. A step's writable directories are given to the sandbox's user as it
 * starts; the server takes the tree back once the build is over ({@code FileTrees.reclaim}).
 */
final class SandboxedBuilds implements BuildSandbox {
    private final Sandbox sandbox;
    private final WorkerLimits limits;
    private final Limits held;
    private final ExecutorService spawner;
    private final String hostname;

    SandboxedBuilds(Sandbox sandbox, WorkerLimits limits, Limits held, ExecutorService spawner, String hostname) {
        this.sandbox = sandbox;
        this.limits = limits;
        this.held = held;
        this.spawner = spawner;
        this.hostname = hostname;
    }

    @Override
    public Process start(BuildStep step, ProcessBuilder.Redirect output) throws IOException {
        for (Path dir : step.writable()) {
            giveToSandbox(dir, sandbox.user());
        }
        ProcessBuilder builder = new ProcessBuilder(sandbox.buildArgv(step,
                new Sandbox.Shape(hostname, held.memoryBytes() / 2)))
                .directory(step.workDir().toFile()).redirectErrorStream(true).redirectOutput(output);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(step.env());
        if (sandbox.enabled()) {
            env.put("HOME", "/tmp");
            env.remove("TMPDIR");
            env.remove("USER");
        }
        Confinement confinement;
        try {
            confinement = limits.confineBuild(held);
        } catch (StartException e) {
            throw new IOException(e.getMessage(), e);
        }
        builder.command(confinement.argv(builder.command()));
        try {
            Process process = spawner.submit(builder::start).get();
            process.onExit().thenRun(confinement::end);
            return process;
        } catch (ExecutionException e) {
            confinement.end();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            confinement.end();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the build started", e);
        } catch (RejectedExecutionException e) {
            confinement.end();
            throw new IOException("the server is stopping", e);
        }
    }

    @Override
    public List<Path> packageDirs() {
        return sandbox.packageDirs();
    }

    /** Makes {@code dir} (not what is in it) the sandbox user's; as it is without a sandbox. */
    private static void giveToSandbox(Path dir, Optional<SandboxUser> user) throws IOException {
        if (user.isEmpty()) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory the build can write");
        }
        user.get().give(dir);
    }
}

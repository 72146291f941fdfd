package dev.skiff.server.backend.process;

import dev.skiff.server.serving.Instance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One running worker process serving one revision on a loopback port, and on a Unix socket when it made one. */
final class ProcessInstance implements Instance {
    private final String id;
    private final String function;
    private final String revision;
    private final int port;
    private final Process process;
    private final Instant startedAt;
    private final CompletableFuture<Integer> exit;
    private final boolean sandboxed;
    private final boolean pooled;
    private final Confinement confinement;
    private volatile Optional<Path> socket = Optional.empty();

    ProcessInstance(String id, String function, String revision, int port, Process process, Instant startedAt,
             boolean sandboxed, boolean pooled, Confinement confinement) {
        this.id = id;
        this.function = function;
        this.revision = revision;
        this.port = port;
        this.process = process;
        this.startedAt = startedAt;
        this.exit = process.onExit().thenApply(Process::exitValue);
        this.sandboxed = sandboxed;
        this.pooled = pooled;
        this.confinement = confinement;
    }

    /** A short id, unique among the server's instances. */
    @Override
    public String id() {
        return id;
    }

    /** The function it serves. */
    @Override
    public String function() {
        return function;
    }

    /** The revision it serves. */
    @Override
    public String revision() {
        return revision;
    }

    /** The loopback port its HTTP server listens on. */
    @Override
    public int port() {
        return port;
    }

    /**
     * The Unix socket it also listens on ({@code SKIFF_SOCKET}), which the gateway uses instead of
     * the port; empty when it listens on its port only (an HTTP app, the Java runtime).
     */
    @Override
    public Optional<Path> socket() {
        return socket;
    }

    /** Set once, when it is ready. */
    void listensOn(Path socket) {
        this.socket = Optional.of(socket);
    }

    /** The operating system's process id of the process Skiff started (bwrap's, when sandboxed). */
    @Override
    public long pid() {
        return process.pid();
    }

    /** True when it was a generic worker of the pre-warmed pool, handed this function. */
    @Override
    public boolean pooled() {
        return pooled;
    }

    /** When it was started, or, when it came from the pool, handed its function. */
    @Override
    public Instant startedAt() {
        return startedAt;
    }

    /** Completes with the exit status when the process ends, for whatever reason. */
    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** True while the process runs. */
    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * When the kernel killed one of its processes for using more memory than its limit: a sentence
     * saying so, naming the limit and where it was set.
     */
    @Override
    public Optional<String> outOfMemory() {
        if (!confinement.outOfMemory()) {
            return Optional.empty();
        }
        return Optional.of(function + "'s instance " + this + " ran out of memory: the kernel killed it for using more than "
                + "its limit of " + confinement.memoryLimit() + "; it is replaced, and a larger limit or less memory "
                + "per request avoids this");
    }

    /** When it died for memory before it was ready: a sentence saying the limit is too small for it. */
    Optional<String> outOfMemoryAtStart() {
        if (!confinement.outOfMemory()) {
            return Optional.empty();
        }
        return Optional.of("the worker was killed for memory while it started: its limit, " + confinement.memoryLimit()
                + ", is too small for it; give the function more (spec.resources.limits.memory, or skiff deploy --memory)");
    }

    /** Kills the process and anything it started, at once (SIGKILL): everything in its cgroup, then its tree. */
    @Override
    public void kill() {
        confinement.killAll();
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Asks the process to finish its requests and exit (SIGTERM), killing it after {@code grace}.
     * Blocking. Signals through the handle: {@code Process.destroy()} would also close the worker's
     * stdin, which the contract reads as "the server is gone, exit at once".
     *
     * <p>bubblewrap does not forward SIGTERM: it dies of it, and its {@code --die-with-parent} then
     * SIGKILLs the worker mid-request. So a sandboxed worker is signalled itself: it is the child of
     * bwrap's init inside the PID namespace, the grandchild of the process started here. When it has
     * drained and exited, bwrap's init and bwrap exit with its status.
     */
    @Override
    public void stop(Duration grace) {
        workers().forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    private List<ProcessHandle> workers() {
        if (!sandboxed) {
            return List.of(process.toHandle());
        }
        List<ProcessHandle> workers = process.toHandle().children().flatMap(ProcessHandle::children).toList();
        return workers.isEmpty() ? List.of(process.toHandle()) : workers;
    }

    @Override
    public String toString() {
        return revision + "/" + id;
    }
}

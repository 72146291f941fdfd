package dev.skiff.server.backend.process;

import dev.skiff.server.backend.sandbox.Sandbox;
import dev.skiff.server.serving.StartException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A started worker process, its standard output and error read line by line: the contract's lines
 * ({@code SKIFF-POOLED}, {@code SKIFF-READY}, {@code SKIFF-LOAD-ERROR: ...}) complete its futures,
 * and every other line goes to the log it is given, which changes when a pooled worker is handed to
 * a function.
 */
final class WorkerProcess implements WorkerPool.Member {
    static final String READY_LINE = "SKIFF-READY";
    static final String POOLED_LINE = "SKIFF-POOLED";
    private static final String LOAD_ERROR_PREFIX = "SKIFF-LOAD-ERROR: ";

    /** Which of the contract's lines a worker's standard output may carry. */
    enum Lines {
        /** {@code SKIFF-READY}: a worker started for its function. */
        READY,
        /** {@code SKIFF-POOLED}, then {@code SKIFF-READY}: a generic worker of the pool. */
        POOLED_THEN_READY,
        /** None: an HTTP app, whose every line is its own. */
        NONE
    }

    private final Process process;
    private final Optional<Path> socketDir;
    private final Path slot;
    private final int port;
    private final Confinement confinement;
    private final Lines lines;
    private final OutputTail tail = new OutputTail();
    private final CompletableFuture<Void> pooled = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Consumer<String> log;
    private volatile Optional<Sandbox.UtsNamespace> namespace = Optional.empty();

    /**
     * Reads {@code process}'s output into {@code log}, but for the contract's {@code lines};
     * {@code socketDir} is the directory its {@code SKIFF_SOCKET} is or will be in, if any;
     * {@code confinement} holds the cgroup it was started in.
     */
    WorkerProcess(Process process, Optional<Path> socketDir, Confinement confinement, Lines lines, Consumer<String> log) {
        this(process, socketDir, confinement, null, 0, lines, log);
    }

    /**
     * A generic worker of the pool, whose function's files will be linked into {@code slot}, and
     * which will listen on {@code port} once it is handed one.
     */
    WorkerProcess(Process process, Optional<Path> socketDir, Confinement confinement, Path slot, int port, Lines lines,
                  Consumer<String> log) {
        this.slot = slot;
        this.port = port;
        this.process = process;
        this.socketDir = socketDir;
        this.confinement = confinement;
        this.lines = lines;
        this.log = log;
        Thread out = pump(process.getInputStream(), this::stdout);
        Thread err = pump(process.getErrorStream(), this::stderr);
        process.onExit().thenRun(() -> Thread.ofPlatform().daemon().name("skiff-exit-" + process.pid()).start(() -> {
            joinQuietly(out);
            joinQuietly(err);
            StartException exited = new StartException(
                    tail.explain("the worker exited with status " + process.exitValue() + " before it was ready"));
            pooled.completeExceptionally(exited);
            ready.completeExceptionally(exited);
        }));
    }

    Process process() {
        return process;
    }

    /** Where a generic worker's function's files are linked for its sandbox to see; null for others. */
    Path slot() {
        return slot;
    }

    /** The port a generic worker will listen on once handed a function; 0 for others. */
    int port() {
        return port;
    }

    /** The directory of the socket it may listen on, made for it before it started. */
    Optional<Path> socketDir() {
        return socketDir;
    }

    /** Its cgroup and limits. */
    Confinement confinement() {
        return confinement;
    }

    OutputTail tail() {
        return tail;
    }

    /** Completes when a generic worker waits to be specialized; fails if it exits first. */
    CompletableFuture<Void> pooled() {
        return pooled;
    }

    /** Completes when the worker serves; fails if it exits first. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Sends the rest of the worker's output to {@code next}. */
    void logTo(Consumer<String> next) {
        log = next;
    }

    /** Writes one line to the worker's standard input, keeping it open: its end means "the server is gone". */
    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CompletableFuture<?> exit() {
        return process.onExit();
    }

    @Override
    public void kill() {
        confinement.killAll();
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void stdout(String line) {
        if (lines != Lines.NONE && !ready.isDone() && READY_LINE.equals(line)) {
            ready.complete(null);
        } else if (lines == Lines.POOLED_THEN_READY && !pooled.isDone() && POOLED_LINE.equals(line)) {
            pooled.complete(null);
        } else {
            tail.add(line);
            log.accept(line);
        }
    }

    private void stderr(String line) {
        if (line.startsWith(LOAD_ERROR_PREFIX)) {
            tail.loadError(line.substring(LOAD_ERROR_PREFIX.length()));
        }
        tail.add(line);
        log.accept(line);
    }

    /**
     * Reads a worker's output on a platform thread: a pipe read pins a virtual thread's carrier,
     * and once the scheduler's spare carrier has idled out (30 s) two idle pumps on a two-core
     * machine leave no carrier for any other virtual thread, so every control-plane call hangs.
     */
    private static Thread pump(InputStream stream, Consumer<String> lines) {
        return Thread.ofPlatform().daemon().name("skiff-worker-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The stream closes when the process dies; nothing is left to read.
            }
        });
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes the UTS namespace of the sandbox it runs in (a pooled worker's, to rename when it is handed over). */
    void namespace(Sandbox.UtsNamespace uts) {
        namespace = Optional.of(uts);
    }

    /** The UTS namespace of its sandbox, when noted. */
    Optional<Sandbox.UtsNamespace> namespace() {
        return namespace;
    }
}

package dev.skiff.runtimes.testing;

import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A worker started as the process backend does (docs/worker-contract.md), with its output captured. */
public final class WorkerProcess implements AutoCloseable {
    /** How long any wait may take before a test fails; a guard, not a measurement. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    public final int port;
    public final Process process;
    public final List<String> stdout = new CopyOnWriteArrayList<>();
    public final List<String> stderr = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();

    private WorkerProcess(int port, Process process) {
        this.port = port;
        this.process = process;
        pump(process.getInputStream(), stdout, true);
        pump(process.getErrorStream(), stderr, false);
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("worker exited with " + process.exitValue() + " before it was ready; stderr: " + stderr)));
    }

    /** Starts a worker for {@code handler} with the contract's environment on a free port. */
    public static WorkerProcess start(LanguageRuntime runtime, RevisionFiles files, String handler) throws IOException {
        return start(runtime.command(files, null), files, handler, Map.of());
    }

    /** Starts {@code command} with the contract's environment on a free port, then {@code extraEnv} over it. */
    public static WorkerProcess start(WorkerCommand command, RevisionFiles files, String handler,
                                      Map<String, String> extraEnv) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(files.codeDir().toFile());
        Map<String, String> env = builder.environment();
        env.putAll(command.env());
        env.putAll(contractEnv(port, files, handler));
        env.putAll(extraEnv);
        return new WorkerProcess(port, builder.start());
    }

    /** Starts a generic worker of the pool ({@code command} is a runtime's generic one); hand it a function with {@link #handOver}. */
    public static WorkerProcess startGeneric(WorkerCommand command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(new java.io.File("/"));
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG"));
        builder.environment().putAll(command.env());
        return new WorkerProcess(freePort(), builder.start());
    }

    /**
     * Sends a generic worker the line that makes it {@code command}'s worker for {@code handler}: the
     * environment {@link #start} gives a fresh one, as the process backend does.
     */
    public WorkerProcess handOver(WorkerCommand command, RevisionFiles files, String handler) throws IOException {
        Map<String, String> env = new java.util.TreeMap<>(System.getenv());
        env.keySet().retainAll(List.of("PATH", "HOME", "LANG"));
        env.putAll(command.env());
        env.putAll(contractEnv(port, files, handler));
        sendLine(dev.skiff.api.Documents.json().writeValueAsString(Map.of("env", env)));
        return this;
    }

    /** Writes one line to the worker's standard input, keeping it open. */
    public void sendLine(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the SKIFF-READY line; fails if the worker exits first. */
    public WorkerProcess awaitReady() throws Exception {
        ready.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Waits for the worker to exit and for its last output to be read, and returns its status. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("worker did not exit; stderr: " + stderr);
        }
        for (Thread pump : pumps) {
            pump.join(PATIENCE);
        }
        return process.exitValue();
    }

    /** Waits until one of {@code lines} matches. */
    public static void awaitLine(List<String> lines, Predicate<String> matching) {
        Awaitility.await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(matching));
    }

    /** The worker's base URL. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    @Override
    public void close() {
        process.destroyForcibly().onExit().join();
    }

    private void pump(InputStream stream, List<String> into, boolean watchReady) {
        pumps.add(Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    into.add(line);
                    if (watchReady && line.equals("SKIFF-READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                into.add("<<" + e + ">>");
            }
        }));
    }

    private static Map<String, String> contractEnv(int port, RevisionFiles files, String handler) {
        return Map.of("PORT", Integer.toString(port), "SKIFF_FUNCTION", "hello", "SKIFF_REVISION", "hello-00001",
                "SKIFF_HANDLER", handler, "SKIFF_CODE_DIR", files.codeDir().toString(),
                "SKIFF_DEPS_DIR", files.depsDir().toString(), "SKIFF_TIMEOUT", "60");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

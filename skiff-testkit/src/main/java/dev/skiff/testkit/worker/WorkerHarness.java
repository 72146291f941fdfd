package dev.skiff.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Documents;
import dev.skiff.testkit.Patience;
import dev.skiff.testkit.http.TestHttpClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * One worker process started as Skiff's process backend starts it (docs/worker-contract.md): on a
 * free port with the contract's environment, its standard input a pipe the harness holds open, its
 * output captured line by line.
 */
public final class WorkerHarness implements AutoCloseable {
    /** The variables a generic (pooled) worker keeps from the test's own environment, as the server's basic ones. */
    private static final List<String> BASIC_ENV = List.of("PATH", "HOME", "LANG");
    /** How often {@link #awaitAnswering} probes, as often as the server probes an HTTP app. */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(15);

    private final int port;
    private final Process process;
    private final WorkerOutput output;
    private final TestHttpClient http;

    private WorkerHarness(int port, Process process) {
        this.port = port;
        this.process = process;
        this.output = new WorkerOutput(process);
        this.http = new TestHttpClient("http://127.0.0.1:" + port);
    }

    /** Starts the worker {@code launch} describes on a free port; wait for it with {@link #awaitReady} or {@link #awaitAnswering}. */
    public static WorkerHarness start(WorkerLaunch launch) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(launch.argv()).directory(launch.codeDir().toFile());
        builder.environment().putAll(launch.environment(port));
        return new WorkerHarness(port, builder.start());
    }

    /**
     * Starts a generic worker for the pre-warmed pool: {@code argv} and the runtime's generic {@code env}
     * over the basic variables only, in {@code /}; make it a function's worker with {@link #handOver}.
     */
    public static WorkerHarness startGeneric(List<String> argv, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(new File("/"));
        builder.environment().keySet().retainAll(BASIC_ENV);
        builder.environment().putAll(env);
        return new WorkerHarness(freePort(), builder.start());
    }

    /** Sends a generic worker the line that makes it the worker {@code launch} describes, with the environment a fresh start would have. */
    public WorkerHarness handOver(WorkerLaunch launch) throws IOException {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.keySet().retainAll(BASIC_ENV);
        env.putAll(launch.environment(port));
        sendLine(Documents.json().writeValueAsString(Map.of("env", env)));
        return this;
    }

    /** The worker's TCP port ({@code PORT}). */
    public int port() {
        return port;
    }

    /** The worker's process. */
    public Process process() {
        return process;
    }

    /** The lines the worker has written to standard output so far. */
    public List<String> stdout() {
        return output.stdout();
    }

    /** The lines the worker has written to standard error so far. */
    public List<String> stderr() {
        return output.stderr();
    }

    /** A client for the worker's port. */
    public TestHttpClient http() {
        return http;
    }

    /** Waits for the {@code SKIFF-READY} line; fails if the worker exits first. */
    public WorkerHarness awaitReady() {
        output.awaitReady();
        return this;
    }

    /** Waits until the worker answers {@code GET /} with any status, as the server probes an HTTP app; fails if it exits first. */
    public WorkerHarness awaitAnswering() {
        Awaitility.await().atMost(Patience.LIMIT).pollInterval(PROBE_INTERVAL).failFast(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + " before it answered; stderr: " + stderr());
            }
        }).ignoreExceptions().until(() -> http.get("/").statusCode() > 0);
        return this;
    }

    /** Waits until a line of standard output matches {@code line}. */
    public void awaitStdout(Predicate<String> line) {
        WorkerOutput.awaitLine(stdout(), line);
    }

    /** Waits until a line of standard error matches {@code line}. */
    public void awaitStderr(Predicate<String> line) {
        WorkerOutput.awaitLine(stderr(), line);
    }

    /** Writes one line to the worker's standard input, keeping it open. */
    public void sendLine(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Closes the worker's standard input: the server is gone. */
    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Sends the worker SIGTERM only ({@code Process.destroy()} would also close its standard input, which means "exit at once"). */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the worker to exit and for its last output to be read, and returns its status. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(Patience.LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("worker did not exit; stderr: " + stderr());
        }
        output.awaitEnd();
        return process.exitValue();
    }

    /**
     * Waits for a start that fails as the contract says (exit 3, a {@code SKIFF-LOAD-ERROR} line, never
     * {@code SKIFF-READY}) and returns the last line of standard error.
     */
    public String awaitLoadError() throws InterruptedException {
        assertThat(awaitExit()).as("exit status; stderr: %s", stderr()).isEqualTo(3);
        assertThat(stderr()).anyMatch(line -> line.startsWith("SKIFF-LOAD-ERROR: "));
        assertThat(stdout()).doesNotContain("SKIFF-READY");
        return stderr().getLast();
    }

    /** Kills the worker and waits until it is gone. */
    @Override
    public void close() {
        http.close();
        process.destroyForcibly().onExit().join();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

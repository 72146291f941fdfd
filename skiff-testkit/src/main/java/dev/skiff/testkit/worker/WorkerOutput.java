package dev.skiff.testkit.worker;

import dev.skiff.testkit.Patience;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A worker process's standard output and error, read line by line as it writes them, watching for {@code SKIFF-READY}. */
final class WorkerOutput {
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final List<Thread> pumps;

    WorkerOutput(Process process) {
        pumps = List.of(pump(process.getInputStream(), stdout, true), pump(process.getErrorStream(), stderr, false));
        process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException(
                "worker exited with " + process.exitValue() + " before it was ready; stderr: " + stderr)));
    }

    List<String> stdout() {
        return stdout;
    }

    List<String> stderr() {
        return stderr;
    }

    /** Waits for the {@code SKIFF-READY} line; fails if the process exits first. */
    void awaitReady() {
        try {
            ready.get(Patience.LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no SKIFF-READY within " + Patience.LIMIT + "; stderr: " + stderr, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for SKIFF-READY", e);
        }
    }

    /** Waits until both streams have been read to their end (the process has exited). */
    void awaitEnd() throws InterruptedException {
        for (Thread pump : pumps) {
            pump.join(Patience.LIMIT);
        }
    }

    /** Waits until one of {@code lines} matches. */
    static void awaitLine(List<String> lines, Predicate<String> matching) {
        Awaitility.await().atMost(Patience.LIMIT).until(() -> lines.stream().anyMatch(matching));
    }

    private Thread pump(InputStream stream, List<String> into, boolean watchReady) {
        return Thread.ofPlatform().daemon().start(() -> {
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
        });
    }
}

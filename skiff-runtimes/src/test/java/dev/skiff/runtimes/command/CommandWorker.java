package dev.skiff.runtimes.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.runtimes.WorkerCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A command worker started as the process backend starts one, with its output captured and an HTTP client. */
final class CommandWorker implements AutoCloseable {
    /** How long any wait may take before a test fails; a guard, not a measurement. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final int port;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(PATIENCE).build();

    /** One answer: its status and its JSON body. */
    record Answer(int status, JsonNode body) {}

    private CommandWorker(int port, Process process) {
        this.port = port;
        this.process = process;
        pump(process.getInputStream(), new CopyOnWriteArrayList<>(), true);
        pump(process.getErrorStream(), stderr, false);
        process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException(
                "worker exited with " + process.exitValue() + " before it was ready; stderr: " + stderr)));
    }

    /** Starts the runtime's worker command with the contract's variables and {@code extraEnv} over them. */
    static CommandWorker start(WorkerCommand command, Path codeDir, Map<String, String> extraEnv) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(codeDir.toFile());
        builder.environment().putAll(command.env());
        builder.environment().putAll(Map.of("PORT", Integer.toString(port), "SKIFF_FUNCTION", "montage",
                "SKIFF_REVISION", "montage-00001", "SKIFF_HANDLER", CommandRuntime.HANDLER,
                "SKIFF_CODE_DIR", codeDir.toString(), "SKIFF_DEPS_DIR", codeDir.toString(), "SKIFF_TIMEOUT", "60"));
        builder.environment().putAll(extraEnv);
        return new CommandWorker(port, builder.start());
    }

    /** Waits for the SKIFF-READY line; fails if the worker exits first. */
    CommandWorker awaitReady() throws Exception {
        ready.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Waits for the worker to exit and returns its status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("worker did not exit; stderr: " + stderr);
        }
        return process.exitValue();
    }

    /** POSTs {@code body} and reads the JSON answer. */
    Answer post(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(PATIENCE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    @Override
    public void close() {
        client.close();
        process.destroyForcibly().onExit().join();
    }

    private void pump(InputStream stream, List<String> into, boolean watchReady) {
        Thread.ofPlatform().daemon().start(() -> {
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

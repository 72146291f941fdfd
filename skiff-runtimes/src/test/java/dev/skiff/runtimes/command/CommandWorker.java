package dev.skiff.runtimes.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.runtimes.testing.WorkerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A command worker started as the process backend starts one, with its output captured and an HTTP client. */
final class CommandWorker implements AutoCloseable {
    /** How long any wait may take before a test fails; a guard, not a measurement. */
    static final Duration PATIENCE = WorkerProcess.PATIENCE;
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final List<String> stderr;
    private final WorkerProcess worker;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(PATIENCE).build();

    /** One answer: its status and its JSON body. */
    record Answer(int status, JsonNode body) {}

    private CommandWorker(WorkerProcess worker) {
        this.worker = worker;
        this.process = worker.process;
        this.stderr = worker.stderr;
    }

    /** Starts the runtime's worker command with the contract's variables and {@code extraEnv} over them. */
    static CommandWorker start(WorkerCommand command, Path codeDir, Map<String, String> extraEnv) throws IOException {
        return new CommandWorker(WorkerProcess.start(command, new RevisionFiles(codeDir, codeDir),
                CommandRuntime.HANDLER, extraEnv));
    }

    /** Waits for the SKIFF-READY line; fails if the worker exits first. */
    CommandWorker awaitReady() throws Exception {
        worker.awaitReady();
        return this;
    }

    /** Waits for the worker to exit and returns its status. */
    int awaitExit() throws InterruptedException {
        return worker.awaitExit();
    }

    /** POSTs {@code body} and reads the JSON answer. */
    Answer post(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(worker.url("/")))
                .timeout(PATIENCE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    @Override
    public void close() {
        client.close();
        worker.close();
    }
}

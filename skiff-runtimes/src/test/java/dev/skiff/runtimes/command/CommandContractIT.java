package dev.skiff.runtimes.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.VolumeMount;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.Workers;
import dev.skiff.testkit.http.HttpCall;
import dev.skiff.testkit.http.TestHttpClient;
import dev.skiff.testkit.worker.FollowsStopRules;
import dev.skiff.testkit.worker.ServesUnixSocket;
import dev.skiff.testkit.worker.SpeaksHttp11;
import dev.skiff.testkit.worker.WorkerContract;
import dev.skiff.testkit.worker.WorkerHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The worker contract for the real command worker: everything of the Python worker it is built on but
 * running handlers, since its handler is Skiff's job runner (a failed command answers CommandFailed, and
 * a command's output goes into its record: see CommandWorkerIT). A call is one job, {@code echo -n} of
 * the message or {@code cat} of the named pipe, and the message is the record's {@code Execution Output}.
 */
class CommandContractIT extends WorkerContract implements SpeaksHttp11, FollowsStopRules, ServesUnixSocket {
    private CommandRuntime runtime;
    private RevisionFiles files;
    private Path volume;

    @Override
    protected void writeFixture(Path dir) throws Exception {
        runtime = new CommandRuntime(Workers.config(dir));
        Path code = Files.createDirectories(dir.resolve("code"));
        files = new RevisionFiles(code, code);
        volume = Files.createDirectories(dir.resolve("volume"));
    }

    @Override
    public WorkerHarness start(Map<String, String> env) throws Exception {
        FunctionSpec spec = FunctionSpec.builder().runtime("command").handler(CommandRuntime.HANDLER)
                .source(CommandRuntime.NO_SOURCE).env(Map.of()).timeoutSeconds(60).maxRequestSize("6Mi").concurrency(1)
                .volumes(List.of(new VolumeMount("data", "/mnt/data", null))).allowedCommands(List.of("echo", "cat")).build();
        return WorkerHarness.start(Workers.launch(runtime.command(files, spec), files, CommandRuntime.HANDLER)
                .withEnv(Map.of(CommandRuntime.volumeEnv("data"), volume.toString())).withEnv(env)).awaitReady();
    }

    @Override
    public HttpCall echo(String message) {
        return job("echo", "-n", message);
    }

    @Override
    public HttpCall slow(Path pipe) {
        return job("cat", pipe.toString());
    }

    /** The record's Execution Output, or the whole body when it is not a record (an error, to show in the failure). */
    @Override
    public String echoed(String body) {
        JsonNode output = TestHttpClient.read(body).path("Execution Output");
        return output.isTextual() ? output.asText() : body;
    }

    /** A POST of one job running {@code command} with {@code arguments} at the top of the volume. */
    private static HttpCall job(String command, String... arguments) {
        ObjectNode job = Documents.json().createObjectNode().put("command", command).put("rundir", ".");
        List.of(arguments).forEach(job.putArray("arguments")::add);
        return HttpCall.post("/", "application/json", Documents.json().createObjectNode().set("ID1", job).toString());
    }
}

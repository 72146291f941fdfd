package dev.skiff.server.backend.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.backend.sandbox.Sandbox;
import dev.skiff.server.backend.sandbox.SandboxUser;
import dev.skiff.server.backend.sandbox.SeccompFilter;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.Instance;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.StartException;
import dev.skiff.server.serving.VolumeBinding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend with and without bubblewrap: where a worker sees its volume, and SIGTERM draining through bwrap. */
class SandboxedStopIT {
    /** An HTTP app answering with its volume's path; SIGTERM makes it exit 0, as a drained worker does. */
    private static final String APP = """
            import http.server, os, signal, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = os.environ['SKIFF_VOLUME_SHARED'].encode()
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            server = http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler)
            signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
            server.serve_forever()
            """;

    @TempDir
    Path temp;

    private Instance start(ProcessBackend backend) throws IOException, StartException {
        Path code = Files.createDirectories(temp.resolve("code"));
        Path deps = Files.createDirectories(temp.resolve("deps"));
        Path volume = Files.createDirectories(temp.resolve("volume"));
        WorkerCommand command = new WorkerCommand(List.of("/usr/bin/python3", "-c", APP), Map.of(),
                WorkerCommand.Readiness.HTTP_PROBE);
        return backend.start(new InstanceSpec("app", "app-00001", null, new RevisionFiles(code, deps), command,
                Map.of(), 60, List.of(new VolumeBinding("shared", volume, "/mnt/shared", false))));
    }

    private static String get(Instance instance) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void sandboxed_workerSeesTheMountPath_andDrainsOnStop() throws Exception {
        Sandbox sandbox = Sandbox.detect(SandboxUser.DEFAULT, List.of(), SeccompFilter.build(temp.resolve("filter")), List.of());
        try (LogStore logs = new LogStore(temp.resolve("logs"));
             ProcessBackend backend = new ProcessBackend(logs, Duration.ofSeconds(60), sandbox)) {
            Instance instance = start(backend);

            assertThat(get(instance)).isEqualTo("/mnt/shared");
            instance.stop(Duration.ofSeconds(30));

            assertThat(instance.exit().get()).as("exit status after SIGTERM: 0 when the worker drained").isZero();
        }
    }

    @Test
    void unsandboxed_workerSeesTheVolumesRealDirectory() throws Exception {
        try (LogStore logs = new LogStore(temp.resolve("logs"));
             ProcessBackend backend = new ProcessBackend(logs, Duration.ofSeconds(60), Sandbox.none())) {
            Instance instance = start(backend);

            assertThat(get(instance)).isEqualTo(temp.resolve("volume").toString());
            instance.stop(Duration.ofSeconds(30));

            assertThat(instance.exit().get()).isZero();
        }
    }
}

package dev.skiff.server.backend.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.backend.cgroups.Cgroups;
import dev.skiff.server.backend.cgroups.LimitSettings;
import dev.skiff.server.backend.sandbox.Sandbox;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.Instance;
import dev.skiff.server.serving.InstanceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a sandbox (no PID namespace whose end takes every process with it), a daemon a request
 * started, reparented away from the worker's process tree, still dies when its instance stops: it
 * is in the instance's cgroup.
 */
class UnsandboxedChildrenIT {
    /** An HTTP app whose every GET starts a daemon (a double fork: the shell exits, its sleep is orphaned). */
    private static final String APP = """
            import http.server, os, subprocess, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    subprocess.run(['/bin/sh', '-c', 'sleep ' + os.environ['MARKER'] + ' &'], start_new_session=True)
                    self.send_response(200)
                    self.send_header('Content-Length', '2')
                    self.end_headers()
                    self.wfile.write(b'ok')
                def log_message(self, *args):
                    pass
            http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler).serve_forever()
            """;

    @TempDir
    Path temp;

    private static List<Long> processesWith(String marker) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(marker);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }

    @Test
    void daemonStartedByARequest_diesWhenItsUnsandboxedInstanceStops() throws Exception {
        String marker = "1000." + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000);
        Path code = Files.createDirectories(temp.resolve("code"));
        WorkerCommand command = new WorkerCommand(List.of("/usr/bin/python3", "-c", APP), Map.of(),
                WorkerCommand.Readiness.HTTP_PROBE);
        try (LogStore logs = new LogStore(temp.resolve("logs"));
             ProcessBackend backend = new ProcessBackend(logs, Duration.ofSeconds(60), Sandbox.none(), WorkerSockets.none(),
                     Cgroups.detect(temp.resolve("data")), LimitSettings.defaults())) {
            Instance instance = backend.start(new InstanceSpec("app", "app-00001", null,
                    new RevisionFiles(code, code), command, Map.of("MARKER", marker), 60));
            try (HttpClient http = HttpClient.newHttpClient()) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !processesWith(marker).isEmpty());

            instance.stop(Duration.ofSeconds(10));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(processesWith(marker)).isEmpty());
        }
    }
}

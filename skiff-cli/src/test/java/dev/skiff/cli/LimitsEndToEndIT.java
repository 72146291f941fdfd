package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff server} says at start what limits instances get and what enforces them;
 * {@code skiff deploy --memory --cpu} sets a function's, and {@code skiff describe} shows them with
 * the same enforcement.
 */
class LimitsEndToEndIT {
    private static final Pattern SERVING = Pattern.compile("serving on (http://\\S+:\\d+)");

    @TempDir
    Path temp;

    @Test
    void serverStartLine_deployFlags_andDescribe_sayTheLimitsAndTheirEnforcement() throws Exception {
        Process server = SkiffProcess.command("server", "--port", "0", "--data-dir", temp.resolve("data").toString(),
                "--default-memory", "300Mi", "--max-pids", "200").redirectErrorStream(true).start();
        // Not closed here: a drain thread reads it to its end, which comes when the server is stopped below.
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        try {
            String url = null;
            String line = out.readLine();
            while (line != null && !line.startsWith("Instance limits: ")) {
                Matcher serving = SERVING.matcher(line);
                url = serving.find() ? serving.group(1) : url;
                line = out.readLine();
            }
            String limits = line;
            Thread.ofVirtual().start(() -> out.lines().forEach(ignored -> { }));
            Path code = Files.writeString(temp.resolve("hello.py"), "def handle(req):\n    return 'hi'\n");

            SkiffProcess.Result deployed = SkiffProcess.run(url, "deploy", "hello", "--runtime", "python3", "--handler",
                    "hello.handle", "--from-file", code.toString(), "--memory", "256Mi", "--cpu", "500m");
            SkiffProcess.Result described = SkiffProcess.run(url, "describe", "hello");

            assertThat(limits).matches("Instance limits: 300Mi memory \\(at most 4Gi\\), no CPU limit, 200 processes per instance; "
                    + "enforced by cgroup v[12] \\(memory, cpu, pids\\)");
            String enforcement = limits.substring(limits.indexOf("enforced by"));
            assertThat(deployed.status()).as(deployed.err()).isZero();
            assertThat(described.out()).contains("Limits: memory 256Mi, cpu 500m, 200 processes per instance (hello-00001); "
                    + enforcement);
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
    }
}

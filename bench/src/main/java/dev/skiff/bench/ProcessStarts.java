package dev.skiff.bench;

import dev.skiff.runtimes.BootstrapScripts;
import dev.skiff.runtimes.python.PythonRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baselines for a function's first request: how long the bare interpreter takes to start and
 * exit, and how long Skiff's Python worker takes to start when spawned directly (without the
 * server), until it prints {@code SKIFF-READY} and until it has answered its first request.
 */
public final class ProcessStarts {
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER");
    private static final String DEPS = ".deps";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final String python;
    private final Path workDir;
    private final Path bootstrap;

    /** Starts processes of {@code python}, keeping their files under {@code workDir}. */
    public ProcessStarts(String python, Path workDir) {
        this.python = python;
        this.workDir = workDir;
        this.bootstrap = BootstrapScripts.install(PythonRuntime.class, "skiff_worker.py",
                workDir.resolve("bootstrap").resolve("skiff_worker.py"));
    }

    /** The wall time of {@code python -c pass}, from fork to exit, in nanoseconds. */
    public long interpreter() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(python, "-c", "pass")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        int status = builder.start().waitFor();
        long elapsed = System.nanoTime() - start;
        if (status != 0) {
            throw new IOException(python + " -c pass exited with status " + status);
        }
        return elapsed;
    }

    /**
     * Spawns the worker on {@code source} (a {@code main.py} with {@code handle}) in a new code
     * directory, as the server would, and times it.
     */
    public WorkerStart worker(String source) throws IOException, InterruptedException {
        Path code = Files.createTempDirectory(workDir, "code");
        Files.writeString(code.resolve("main.py"), source, StandardCharsets.UTF_8);
        Files.createDirectories(code.resolve(DEPS));
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(python, bootstrap.toString())
                .directory(code.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment(code, port));
        long start = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             HttpConnection connection = new HttpConnection(new Target("127.0.0.1", port, "/"), REQUEST_TIMEOUT)) {
            for (String line = out.readLine(); !"SKIFF-READY".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new IOException("the worker exited with status " + process.waitFor() + " before it was ready");
                }
            }
            long ready = System.nanoTime() - start;
            int status = connection.exchange(new Target("127.0.0.1", port, "/").getRequest());
            long answered = System.nanoTime() - start;
            if (status != 200) {
                throw new IOException("the worker's first answer was HTTP " + status);
            }
            return new WorkerStart(ready, answered);
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    private Map<String, String> environment(Path code, int port) {
        Map<String, String> env = new HashMap<>();
        for (String name : INHERITED_ENV) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        Path deps = code.resolve(DEPS);
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONPATH", code + ":" + deps);
        env.put("PORT", Integer.toString(port));
        env.put("SKIFF_FUNCTION", "bench-direct");
        env.put("SKIFF_REVISION", "bench-direct-00001");
        env.put("SKIFF_HANDLER", "main.handle");
        env.put("SKIFF_CODE_DIR", code.toString());
        env.put("SKIFF_DEPS_DIR", deps.toString());
        env.put("SKIFF_TIMEOUT", "60");
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * One directly spawned worker's start, in nanoseconds from the fork.
     *
     * @param ready until it printed SKIFF-READY
     * @param answered until its first answer had arrived
     */
    public record WorkerStart(long ready, long answered) {}
}

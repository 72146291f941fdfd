package dev.skiff.runtimes.java;

import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BuildStep;
import dev.skiff.worker.JavaWorker;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A function's class-data cache, which makes its workers start faster: on Java 25 and newer an AOT
 * cache ({@code -XX:AOTCacheOutput}), on Java 21 to 24 a dynamic AppCDS archive
 * ({@code -XX:ArchiveClassesAtExit}). It is made at deploy by a training run (a worker that loads
 * the handler and answers one {@code GET /}) and named by the SHA-256 of the class path's jars, the
 * JVM and the flags, so a changed jar never runs with a stale cache.
 */
final class StartCache {
    private static final System.Logger LOG = System.getLogger(StartCache.class.getName());
    private static final long TRAINING_SECONDS = 120;
    private static final int REQUEST_SECONDS = 10;

    private final Path java;
    private final int feature;
    private final List<String> flags;

    StartCache(Path java, int feature, List<String> flags) {
        this.java = java;
        this.feature = feature;
        this.flags = List.copyOf(flags);
    }

    /** Where the cache for this class path lives in {@code depsDir}, whether or not it exists. */
    Path file(Path depsDir, List<Path> classPath) throws IOException {
        String key = JavaFiles.sha256(classPath, java + "\n" + jvmStamp() + "\n" + String.join(" ", flags));
        return depsDir.resolve("skiff-" + key.substring(0, 32) + (aot() ? ".aot" : ".jsa"));
    }

    /** The JVM option that uses an existing cache, e.g. {@code -XX:AOTCache=...}. */
    String useOption(Path cache) {
        return (aot() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache;
    }

    /**
     * Makes the cache by a training run; on failure logs why and leaves no file, since a function
     * without a cache still runs, only starting slower.
     *
     * @return the cache, or empty when it could not be made
     */
    Optional<Path> create(BuildSandbox sandbox, Path codeDir, Path depsDir, List<Path> classPath, Map<String, String> env,
                          String handler) {
        try {
            Path cache = file(depsDir, classPath);
            if (Files.isRegularFile(cache)) {
                return Optional.of(cache);
            }
            Path partial = depsDir.resolve(cache.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            String failure = train(sandbox, codeDir, depsDir, classPath, env, handler, partial);
            if (failure != null || !Files.isRegularFile(partial)) {
                Files.deleteIfExists(partial);
                LOG.log(Level.WARNING, "no start-up cache for " + handler + "; its workers start without one: "
                        + (failure == null ? "the JVM wrote no cache" : failure));
                return Optional.empty();
            }
            Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(cache);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "no start-up cache for " + handler + ": " + e);
            return Optional.empty();
        }
    }

    /**
     * The training run, in {@code sandbox}, which lets it write the dependency directory only: the
     * handler's class is loaded, so its static initializers run. Returns why it failed, or null.
     */
    private String train(BuildSandbox sandbox, Path codeDir, Path depsDir, List<Path> classPath, Map<String, String> env,
                         String handler, Path output) throws IOException {
        int port = freePort();
        List<String> argv = new ArrayList<>(List.of(java.toString()));
        argv.addAll(flags);
        argv.add((aot() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + output);
        argv.addAll(List.of("-cp", classPath(classPath), JavaWorker.class.getName()));
        Map<String, String> environment = BuildStep.hostEnv(List.of());
        environment.putAll(env);
        environment.put("PORT", Integer.toString(port));
        environment.put("SKIFF_HANDLER", handler);
        environment.put("SKIFF_CODE_DIR", codeDir.toString());
        environment.put("SKIFF_DEPS_DIR", depsDir.toString());
        environment.put("SKIFF_FUNCTION", name(codeDir, 2));
        environment.put("SKIFF_REVISION", name(codeDir, 1));
        environment.put("SKIFF_TIMEOUT", "60");
        environment.put("SKIFF_TRAINING", "1");
        Process process = sandbox.start(new BuildStep(argv, codeDir, environment, List.of(codeDir), List.of(depsDir), port),
                ProcessBuilder.Redirect.PIPE);
        List<String> lines = new ArrayList<>();
        try {
            if (!awaitReady(process, lines)) {
                process.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS);
                return "the training worker did not start: " + lines.stream().filter(line -> line.startsWith("SKIFF-LOAD-ERROR"))
                        .findFirst().orElse(String.join(" | ", lines));
            }
            requestOnce(port);
            process.getOutputStream().close();
            if (!process.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
                return "the training worker did not exit within " + TRAINING_SECONDS + " s";
            }
            return process.exitValue() == 0 ? null : "the training worker exited with " + process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Reads the worker's output until SKIFF-READY (true) or its end (false), then drains the rest in the background. */
    private static boolean awaitReady(Process process, List<String> lines) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.equals("SKIFF-READY")) {
                Thread.ofPlatform().daemon().name("skiff-training-output").start(() -> drain(reader));
                return true;
            }
            if (lines.size() < 20) {
                lines.add(line);
            }
        }
        return false;
    }

    private static void drain(BufferedReader reader) {
        try (reader) {
            while (reader.readLine() != null) {
                continue;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "training output ended: " + e);
        }
    }

    /**
     * Sends {@code GET /} with {@code X-Skiff-Training: 1} and reads the answer, whatever it is; a
     * handler still busy after {@link #REQUEST_SECONDS} is left to finish alone.
     */
    private static void requestOnce(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(REQUEST_SECONDS));
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nX-Skiff-Training: 1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().readAllBytes();
        } catch (SocketTimeoutException e) {
            LOG.log(Level.INFO, "the training request took over " + REQUEST_SECONDS + " s; the cache covers start-up only");
        }
    }

    /** True when this JVM makes AOT caches (Java 25+), false for AppCDS archives. */
    boolean aot() {
        return feature >= 25;
    }

    /** The class path as one argument. */
    static String classPath(List<Path> jars) {
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    /** The size and time of the JVM's module image: they change with every JDK build. */
    private String jvmStamp() throws IOException {
        Path modules = java.toRealPath().getParent().getParent().resolve("lib").resolve("modules");
        if (!Files.isRegularFile(modules)) {
            return "";
        }
        return Files.size(modules) + "@" + Files.getLastModifiedTime(modules).toMillis();
    }

    private static String name(Path dir, int up) {
        Path path = dir.toAbsolutePath();
        for (int i = 0; i < up && path.getParent() != null; i++) {
            path = path.getParent();
        }
        return path.getFileName() == null ? "" : path.getFileName().toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

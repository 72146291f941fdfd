package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code skiff} program run as its own JVM process, as a user runs it. */
final class SkiffProcess {
    private static final Pattern SERVING = Pattern.compile("serving on (https?://\\S+:\\d+)");
    /**
     * The CLI configuration of every server and client these tests start (unless a test names its
     * own): servers record their tokens in it, as for a user, and clients find them there.
     */
    static final Path CONFIG = configFile();

    private SkiffProcess() {}

    private static Path configFile() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("skiff-cli-config");
            dir.toFile().deleteOnExit();
            return dir.resolve("config.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command line that runs {@code skiff} with these arguments, with {@link #CONFIG} as its CLI configuration. */
    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SKIFF_CONFIG", CONFIG.toString());
        return builder;
    }

    /** A finished client command: its exit status and what it printed. */
    record Result(int status, String out, String err) {}

    /** Runs a client command against {@code serverUrl} and waits for it. */
    static Result run(String serverUrl, String... args) {
        return run(Map.of(), serverUrl, args);
    }

    /** Runs a client command against {@code serverUrl} with these environment variables too, and waits for it. */
    static Result run(Map<String, String> env, String serverUrl, String... args) {
        List<String> all = new ArrayList<>(List.of("--server", serverUrl));
        all.addAll(List.of(args));
        ProcessBuilder builder = command(all.toArray(String[]::new));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("skiff %s finished", all).isTrue();
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A running {@code skiff server}, the URL it announced and its data directory. */
    record Server(Process process, String url, Path dataDir) implements AutoCloseable {
        /** The server's admin token, from its data directory. */
        String token() {
            try {
                return java.nio.file.Files.readString(dataDir.resolve("admin-token")).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Starts {@code skiff server} on a free port with {@code dataDir} (and {@code more} flags) and waits until it serves. */
    static Server startServer(Path dataDir, Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(List.of(more));
        ProcessBuilder builder = command(args.toArray(String[]::new)).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                seen.append(line).append('\n');
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { }));
                    return new Server(process, m.group(1), dataDir);
                }
            }
            throw new IllegalStateException("skiff server exited before serving:\n" + seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

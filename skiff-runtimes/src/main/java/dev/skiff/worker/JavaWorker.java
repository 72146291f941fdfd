package dev.skiff.worker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Skiff's Java worker, started as docs/worker-contract.md describes: loads the handler class named
 * by {@code SKIFF_HANDLER} before listening on {@code SKIFF_HOST:PORT}, then prints
 * {@code SKIFF-READY}. The class is looked up on the JVM's class path first (where the runtime puts
 * the function's jars, so class-data sharing covers them), then in the jars of
 * {@code SKIFF_CODE_DIR} and {@code SKIFF_DEPS_DIR} and the code directory's class files.
 */
public final class JavaWorker {
    private static final int LOAD_ERROR_EXIT = 3;
    private static final long DRAIN_SECONDS = 30;
    private static final AtomicBoolean EXITING_AT_ONCE = new AtomicBoolean();

    private JavaWorker() {}

    /** Runs the worker; never returns normally. */
    public static void main(String[] args) {
        String className = env("SKIFF_HANDLER", "");
        Handler handler;
        try {
            handler = Handler.load(className, loader(Path.of(env("SKIFF_CODE_DIR", ".")), env("SKIFF_DEPS_DIR", "")));
        } catch (Handler.LoadException e) {
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            System.out.flush();
            System.err.println("SKIFF-LOAD-ERROR: " + String.join(" ", e.getMessage().strip().split("\\s+")));
            System.err.flush();
            Runtime.getRuntime().halt(LOAD_ERROR_EXIT);
            return;
        }
        String host = env("SKIFF_HOST", "127.0.0.1");
        String port = env("PORT", "");
        WorkerContext.Identity identity = new WorkerContext.Identity(env("SKIFF_FUNCTION", ""), env("SKIFF_REVISION", ""),
                Duration.ofSeconds(parseOr(env("SKIFF_TIMEOUT", ""), 60)));
        WorkerServer server;
        try {
            server = new WorkerServer(host, Integer.parseInt(port), handler, identity, !env("SKIFF_TRAINING", "").isEmpty());
        } catch (IOException | RuntimeException e) {
            System.err.println("SKIFF: cannot listen on " + host + ":" + port + ": " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drain(server), "skiff-drain"));
        watchStandardInput();
        System.out.println("SKIFF-READY");
        System.out.flush();
        server.serve();
    }

    /** The loader of the function's classes: the class path's, with the code and deps directories' jars behind it. */
    static ClassLoader loader(Path codeDir, String depsDir) {
        List<URL> urls = new ArrayList<>();
        try {
            jars(codeDir, urls);
            if (!depsDir.isEmpty()) {
                jars(Path.of(depsDir), urls);
            }
            urls.add(codeDir.toAbsolutePath().toUri().toURL());
        } catch (IOException e) {
            System.err.println("SKIFF: cannot list the function's jars: " + e);
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getSystemClassLoader());
    }

    private static void jars(Path dir, List<URL> urls) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(url(jar));
            }
        }
    }

    private static URL url(Path file) throws MalformedURLException {
        return new File(file.toAbsolutePath().toString()).toURI().toURL();
    }

    /**
     * On {@code SIGTERM} or {@code SIGINT} the JVM runs this hook: stop accepting, let in-flight
     * requests finish, then halt with status 0 rather than the signal's 143. An exit because standard
     * input ended skips it, leaving the JVM's own exit to finish.
     */
    private static void drain(WorkerServer server) {
        if (EXITING_AT_ONCE.get()) {
            return;
        }
        try {
            server.stop(DRAIN_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * Exits at once when standard input, a pipe the server holds, ends: the server is gone. Standard
     * input that is not a pipe or socket (e.g. {@code /dev/null} in a container) is not watched.
     */
    private static void watchStandardInput() {
        if (!stdinIsPipe()) {
            return;
        }
        Thread.ofPlatform().daemon().name("skiff-stdin").start(() -> {
            byte[] buffer = new byte[4096];
            try (InputStream in = System.in) {
                while (in.read(buffer) >= 0) {
                    continue;
                }
            } catch (IOException e) {
                System.err.println("SKIFF: standard input failed: " + e);
            }
            System.out.flush();
            System.err.flush();
            EXITING_AT_ONCE.set(true);
            System.exit(0);
        });
    }

    private static boolean stdinIsPipe() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("pipe:") || target.startsWith("socket:");
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static long parseOr(String text, long fallback) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

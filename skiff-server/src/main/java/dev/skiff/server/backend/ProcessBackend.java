package dev.skiff.server.backend;

import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.logs.LogStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs workers as local processes, following docs/worker-contract.md: it picks a loopback port,
 * starts the runtime's command with the contract's environment (inside the {@link Sandbox}), waits
 * for {@code SKIFF-READY} or, for HTTP apps, for an HTTP answer on the port, and copies everything
 * else the worker writes into the function's log.
 */
public final class ProcessBackend implements AutoCloseable {
    private static final String READY_LINE = "SKIFF-READY";
    private static final String LOAD_ERROR_PREFIX = "SKIFF-LOAD-ERROR: ";
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER");
    private static final int START_ATTEMPTS = 3;

    private final LogStore logs;
    private final Duration startTimeout;
    private final Sandbox sandbox;
    private final Set<Instance> live = ConcurrentHashMap.newKeySet();
    /**
     * Every process is forked from this one thread, which lives as long as the server: a worker's
     * PR_SET_PDEATHSIG fires when the thread that forked it exits, so forking from a pooled or
     * virtual thread's carrier could kill healthy workers.
     */
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skiff-spawner");
        t.setDaemon(true);
        return t;
    });

    /**
     * A backend writing worker output to {@code logs}, waiting at most {@code startTimeout} for
     * readiness, running workers in {@code sandbox}.
     */
    public ProcessBackend(LogStore logs, Duration startTimeout, Sandbox sandbox) {
        this.logs = logs;
        this.startTimeout = startTimeout;
        this.sandbox = sandbox;
    }

    /** Starts a worker and waits until it is ready to serve. Blocking. */
    public Instance start(InstanceSpec spec) throws StartException {
        StartException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return startOnce(spec);
            } catch (StartException e) {
                if (!e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private Instance startOnce(InstanceSpec spec) throws StartException {
        int port = freePort();
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        String source = spec.revision() + "/" + id;
        ProcessBuilder builder = new ProcessBuilder(sandbox.argv(spec))
                .directory(spec.files().codeDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(spec, port));
        Process process = fork(builder, spec);
        Instance instance = new Instance(id, spec.function(), spec.revision(), port, process, Instant.now(),
                sandbox.enabled());
        live.add(instance);
        instance.exit().whenComplete((status, error) -> live.remove(instance));

        CompletableFuture<Void> ready = new CompletableFuture<>();
        OutputTail tail = new OutputTail();
        boolean readyLine = spec.command().readiness() == WorkerCommand.Readiness.READY_LINE;
        Thread out = pump(process.getInputStream(), line -> {
            if (readyLine && !ready.isDone() && READY_LINE.equals(line)) {
                ready.complete(null);
            } else {
                tail.add(line);
                logs.append(spec.function(), source, line);
            }
        });
        Thread err = pump(process.getErrorStream(), line -> {
            if (line.startsWith(LOAD_ERROR_PREFIX)) {
                tail.loadError(line.substring(LOAD_ERROR_PREFIX.length()));
            }
            tail.add(line);
            logs.append(spec.function(), source, line);
        });
        instance.exit().thenRun(() -> Thread.ofPlatform().daemon().name("skiff-exit-" + id).start(() -> {
            joinQuietly(out);
            joinQuietly(err);
            ready.completeExceptionally(new StartException(
                    tail.explain("the worker exited with status " + process.exitValue() + " before it was ready")));
        }));
        if (!readyLine) {
            HttpProbe.start(port, ready, instance::isAlive);
        }
        return awaitReady(instance, ready, tail, readyLine);
    }

    private Instance awaitReady(Instance instance, CompletableFuture<Void> ready, OutputTail tail, boolean readyLine)
            throws StartException {
        try {
            ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return instance;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StartException start ? start : new StartException(e.getCause().toString());
        } catch (TimeoutException e) {
            instance.kill();
            String what = readyLine ? "the worker did not become ready"
                    : "the app did not answer HTTP on its port (" + instance.port() + ", given in $PORT)";
            throw new StartException(tail.explain(what + " within " + startTimeout.toSeconds() + "s"));
        } catch (InterruptedException e) {
            instance.kill();
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while the worker started");
        }
    }

    private Process fork(ProcessBuilder builder, InstanceSpec spec) throws StartException {
        try {
            return spawner.submit(builder::start).get();
        } catch (ExecutionException e) {
            throw new StartException("cannot start " + spec.command().argv().get(0) + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while the worker started");
        }
    }

    private Map<String, String> environment(InstanceSpec spec, int port) {
        Map<String, String> env = new HashMap<>();
        INHERITED_ENV.forEach(name -> {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        });
        env.putAll(spec.command().env());
        env.putAll(spec.userEnv());
        env.put("PORT", Integer.toString(port));
        env.put("SKIFF_FUNCTION", spec.function());
        env.put("SKIFF_REVISION", spec.revision());
        if (spec.handler() != null) {
            env.put("SKIFF_HANDLER", spec.handler());
        }
        env.put("SKIFF_CODE_DIR", spec.files().codeDir().toString());
        env.put("SKIFF_DEPS_DIR", spec.files().depsDir().toString());
        env.put("SKIFF_TIMEOUT", Integer.toString(spec.timeoutSeconds()));
        spec.volumes().forEach(volume -> env.put(volume.envName(), sandbox.visiblePath(volume)));
        return env;
    }

    /**
     * Reads a worker's output on a platform thread: a pipe read pins a virtual thread's carrier,
     * and once the scheduler's spare carrier has idled out (30 s) two idle pumps on a two-core
     * machine leave no carrier for any other virtual thread, so every control-plane call hangs.
     */
    private static Thread pump(InputStream stream, Consumer<String> lines) {
        return Thread.ofPlatform().daemon().name("skiff-worker-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The stream closes when the process dies; nothing is left to read.
            }
        });
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The instances whose processes are running. */
    public Set<Instance> live() {
        return Set.copyOf(live);
    }

    /** Kills every worker still running. */
    @Override
    public void close() {
        live.forEach(Instance::kill);
        spawner.shutdownNow();
    }
}

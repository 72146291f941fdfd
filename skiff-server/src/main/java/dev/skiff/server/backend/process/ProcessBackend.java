package dev.skiff.server.backend.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.api.Namespaces;
import dev.skiff.api.SecretRef;
import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.backend.cgroups.Cgroups;
import dev.skiff.server.backend.cgroups.Enforcement;
import dev.skiff.server.backend.cgroups.LimitSettings;
import dev.skiff.server.backend.sandbox.Sandbox;
import dev.skiff.server.backend.sandbox.SecretFiles;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.Instance;
import dev.skiff.server.serving.InstanceBackend;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.PoolStats;
import dev.skiff.server.serving.StartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers as local processes, following docs/worker-contract.md: it picks a loopback port and
 * a socket directory of the worker's own ({@link WorkerSockets}), starts the runtime's command with
 * the contract's environment (inside the {@link Sandbox}), waits for {@code SKIFF-READY} or, for
 * HTTP apps, for an HTTP answer on the port, notes whether the worker made the socket, and copies
 * everything else the worker writes into the function's log. With a {@linkplain #startPools pool}, a worker
 * that a generic one can become exactly is a pooled worker handed the function's environment
 * instead of a new process.
 */
public final class ProcessBackend implements InstanceBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessBackend.class);
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER");
    private static final int START_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LogStore logs;
    private final Duration startTimeout;
    private final Sandbox sandbox;
    private final WorkerSockets sockets;
    private final WorkerLimits limits;
    private final SecretSource secrets;
    private final Set<ProcessInstance> live = ConcurrentHashMap.newKeySet();
    private final MountPoints mounts = new MountPoints();
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
    private volatile Slots slots = new Slots(null);
    private volatile Path functionsDir;
    private volatile Pools pools = new Pools(Map.of(), new WorkerPool<>(List.of(), 0, name -> null));

    /**
     * A backend writing worker output to {@code logs}, waiting at most {@code startTimeout} for
     * readiness, running workers in {@code sandbox}, giving each a socket directory from
     * {@code sockets} (which it closes) and a group of {@code enforcement} holding its limits by
     * {@code settings} (whose groups it removes when closed); it has no pool until {@link #startPools}.
     */
    public ProcessBackend(LogStore logs, Duration startTimeout, Sandbox sandbox, WorkerSockets sockets,
                          Enforcement enforcement, LimitSettings settings) {
        this(logs, startTimeout, sandbox, sockets, enforcement, settings, SecretSource.NONE);
    }

    /** As the constructor above, handing instances the secrets they read from {@code secrets}. */
    public ProcessBackend(LogStore logs, Duration startTimeout, Sandbox sandbox, WorkerSockets sockets,
                          Enforcement enforcement, LimitSettings settings, SecretSource secrets) {
        this.logs = logs;
        this.startTimeout = startTimeout;
        this.sandbox = sandbox;
        this.sockets = sockets;
        this.limits = new WorkerLimits(enforcement, settings);
        this.secrets = secrets;
    }

    /** A backend whose workers are reached on their ports only, with no limits enforced. */
    public ProcessBackend(LogStore logs, Duration startTimeout, Sandbox sandbox) {
        this(logs, startTimeout, sandbox, WorkerSockets.none(), Cgroups.none("this backend was made without limits"),
                LimitSettings.defaults());
    }

    /**
     * Starts keeping {@code size} generic workers waiting per runtime of {@code generics} (runtime
     * name → its generic command), refilled in the background. In a sandbox each sees a slot of its
     * own under {@code slotsDir} in place of {@code functionsDir}, where its function's files are
     * linked when it is handed one ({@link Slots}). Call once.
     */
    public void startPools(Map<String, WorkerCommand> generics, int size, Path functionsDir, Path slotsDir) {
        if (size <= 0 || generics.isEmpty()) {
            return;
        }
        this.functionsDir = functionsDir.toAbsolutePath().normalize();
        // Its helper starts now (about 50 ms), not in the first cold start that takes a pooled worker.
        sandbox.prepareRenames();
        slots = new Slots(slotsDir);
        slots.clear();
        Map<String, WorkerCommand> commands = Map.copyOf(generics);
        pools = new Pools(commands, new WorkerPool<>(commands.keySet().stream().sorted().toList(), size,
                name -> startGeneric(name, commands.get(name))));
        LOG.info("pre-warmed pools: {} generic worker(s) each for {}", size, String.join(", ", commands.keySet()));
    }

    /** Starts a worker, from the pool when one can become it, and waits until it is ready to serve. Blocking. */
    @Override
    public Instance start(InstanceSpec spec) throws StartException {
        StartException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return startOnce(spec);
            } catch (StartException e) {
                if (!transientFailure(e.getMessage())) {
                    throw e;
                }
                LOG.info("{}: a start failed for a passing reason, starting again: {}", spec.revision(), e.getMessage());
                last = e;
            }
        }
        throw last;
    }

    /**
     * True for the start failures another try can overcome: a port taken between its choice and the
     * worker's bind, and bubblewrap's setup of a new network namespace's loopback, which the kernel
     * now and then refuses ({@code loopback: Failed RTM_NEWADDR: No child processes}, seen here about
     * once in a few hundred starts).
     */
    static boolean transientFailure(String message) {
        return message != null && (message.contains("Address already in use") || message.contains("loopback: Failed RTM_NEWADDR"));
    }

    /** {@code spec}'s limits (memory, cpu, pids) and what enforces them ({@code enforcement}). */
    @Override
    public Map<String, Object> limits(InstanceSpec spec) {
        return limits.view(spec);
    }

    /** {@code spec}'s memory limit: its own, else the server's default, enforced by a cgroup or not. */
    @Override
    public long memoryBytes(InstanceSpec spec) {
        return limits.of(spec).memoryBytes();
    }

    /** How instances' limits are enforced: e.g. {@code cgroup v1 (memory, cpu, pids)}, or {@code none: <why>}. */
    public String enforcement() {
        return limits.describe();
    }

    /** Each pool's figures: how many wait, how many were started and taken. */
    @Override
    public List<PoolStats> poolStats() {
        return pools.members().stats();
    }

    private Instance startOnce(InstanceSpec spec) throws StartException {
        Optional<String> pool = poolFor(spec);
        Optional<WorkerProcess> taken = pool.flatMap(pools.members()::take);
        if (taken.isPresent()) {
            try {
                return specialize(taken.get(), spec);
            } catch (StartException e) {
                if (taken.get().tail().hasLoadError() || taken.get().isAlive()) {
                    throw e;
                }
                LOG.warn("a pooled {} worker exited before it served {} ({}); starting one afresh",
                        pool.get(), spec.revision(), e.getMessage());
            } finally {
                pools.members().release(pool.get());
            }
        }
        return startFresh(spec);
    }

    /**
     * The pool that can start {@code spec}'s worker: its runtime says a generic worker can become it
     * (no start-time variable in its env), it runs the pool's own program, it mounts no volume (a
     * started sandbox takes no new bind), and its files are where the pool's sandbox sees them.
     */
    private Optional<String> poolFor(InstanceSpec spec) {
        Pools current = pools;
        return spec.command().poolName()
                .filter(current.members()::serves)
                .filter(name -> current.generics().get(name).argv().equals(spec.command().argv()))
                .filter(name -> spec.volumes().isEmpty())
                // A pooled sandbox's /tmp was sized for the default memory limit, and cannot be resized.
                .filter(name -> !sandbox.enabled() || limits.tmpBytes(spec) == limits.defaultTmpBytes())
                // A pooled worker's network is connected when it starts.
                .filter(name -> !spec.offline())
                // Secret files are copied into a sandbox as it starts.
                .filter(name -> spec.secrets().isEmpty());
    }

    private WorkerProcess startGeneric(String pool, WorkerCommand generic) throws StartException {
        Confinement confinement = limits.confineGeneric();
        Optional<Path> socketDir = ownedBySandbox(sockets.newDirectory());
        String id = newId();
        Path slot = slots.make(id);
        // Its port is chosen now, so that a sandbox's forward of it is there when a function is handed over.
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(sandbox.genericArgv(generic, socketDir, slot, functionsDir,
                new Sandbox.Shape(pool + "-pool-" + id, limits.defaultTmpBytes()), port)).directory(Path.of("/").toFile());
        builder.environment().clear();
        builder.environment().putAll(baseEnv());
        builder.environment().putAll(generic.env());
        Process process;
        try {
            process = fork(builder, generic, socketDir, confinement);
        } catch (StartException e) {
            slots.remove(slot);
            throw e;
        }
        process.onExit().thenRun(() -> slots.remove(slot));
        WorkerProcess worker = new WorkerProcess(process, socketDir, confinement, slot, port,
                WorkerProcess.Lines.POOLED_THEN_READY, line -> LOG.info("{} pool worker: {}", pool, line));
        try {
            worker.pooled().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            // Found now, off the path of the cold start that will take it: renamed then, after its instance.
            sandbox.namespaceOf(process).ifPresent(worker::namespace);
            return worker;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StartException start ? start : new StartException(e.getCause().toString());
        } catch (TimeoutException e) {
            worker.kill();
            throw new StartException(worker.tail().explain("the generic worker did not say "
                    + WorkerProcess.POOLED_LINE + " within " + startTimeout.toSeconds() + "s"));
        } catch (InterruptedException e) {
            worker.kill();
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while a generic worker started");
        }
    }

    private Instance specialize(WorkerProcess worker, InstanceSpec spec) throws StartException {
        try {
            worker.confinement().handOver(limits.of(spec), WorkerLimits.memorySource(spec));
        } catch (IOException e) {
            worker.kill();
            LOG.info("a pooled {} worker cannot hold {}'s limits ({}); starting one afresh", spec.command().pool(),
                    spec.revision(), e.getMessage());
            return startFresh(spec);
        }
        int port = worker.port();
        String id = newId();
        String source = spec.revision() + "/" + id;
        if (sandbox.enabled()) {
            // Named as a fresh instance is, before the function's code runs.
            try {
                sandbox.rename(worker.namespace().orElseThrow(() -> new IOException("its namespace was not found")),
                        spec.revision() + "-" + id);
            } catch (IOException e) {
                worker.kill();
                LOG.warn("a pooled {} worker cannot be named {}-{} ({}); starting one afresh", spec.command().pool(),
                        spec.revision(), id, e.getMessage());
                return startFresh(spec);
            }
        }
        worker.logTo(line -> logs.append(spec.function(), source, line));
        ProcessInstance instance = track(new ProcessInstance(id, spec.function(), spec.revision(), port, worker.process(),
                Instant.now(), sandbox.enabled(), true, worker.confinement()));
        try {
            Map<String, String> env = environment(spec, port, worker.socketDir());
            if (sandbox.enabled()) {
                // The sandbox shows the worker its slot as the functions directory: the revision's files are linked there.
                slots.fill(worker.slot(), functionsDir, spec.files().codeDir(), spec.files().depsDir());
            }
            env.putAll(sandbox.ownEnv(spec.files().codeDir()));
            worker.send(JSON.writeValueAsString(Map.of("env", env)));
        } catch (IOException e) {
            instance.kill();
            throw new StartException("cannot hand the function to a pooled worker: " + e.getMessage());
        }
        Instance ready = awaitReady(instance, worker, true);
        LOG.debug("{} started from the {} pool", ready, spec.command().pool());
        return ready;
    }

    private Instance startFresh(InstanceSpec spec) throws StartException {
        if (spec.secrets().isEmpty()) {
            return startFresh(spec, SecretFiles.none(), Map.of());
        }
        if (!sandbox.enabled()) {
            throw new StartException(spec.function() + " reads secrets, which are files in its sandbox, and this server "
                    + "runs functions without one (--insecure-no-sandbox)");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (SecretRef ref : spec.secrets()) {
            Map<String, byte[]> values = secrets.values(Namespaces.sibling(spec.function(), ref.name()));
            values.forEach((key, value) -> {
                files.put(ref.mountPath() + "/" + key, value);
                if (ref.asEnv() && SecretRef.isEnvName(key)) {
                    String text = new String(value, StandardCharsets.UTF_8);
                    if (text.indexOf('\0') < 0) {
                        env.put(key, text);
                    }
                }
            });
        }
        try (SecretFiles written = SecretFiles.write(SecretFiles.defaultRoot(), files)) {
            return startFresh(spec, written, env);
        } catch (IOException e) {
            throw new StartException("cannot hand " + spec.function() + " its secrets: " + e.getMessage());
        }
    }

    private Instance startFresh(InstanceSpec spec, SecretFiles secretFiles, Map<String, String> secretEnv) throws StartException {
        int port = freePort();
        String id = newId();
        String source = spec.revision() + "/" + id;
        Optional<Path> socketDir = ownedBySandbox(sockets.newDirectory());
        List<Path> mountPoints = sandbox.mountPoints(spec, socketDir);
        ProcessBuilder builder = new ProcessBuilder(sandbox.argv(spec, socketDir,
                new Sandbox.Shape(spec.revision() + "-" + id, limits.tmpBytes(spec)), port, secretFiles))
                .directory(spec.files().codeDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(spec, port, socketDir));
        builder.environment().putAll(secretEnv);
        boolean readyLine = spec.command().readiness() == WorkerCommand.Readiness.READY_LINE;
        Confinement confinement;
        try {
            confinement = limits.confine(spec);
        } catch (StartException e) {
            socketDir.ifPresent(sockets::remove);
            throw e;
        }
        mounts.hold(mountPoints);
        Process process;
        try {
            process = fork(builder, spec.command(), socketDir, confinement);
        } catch (StartException e) {
            mounts.release(mountPoints);
            throw e;
        }
        process.onExit().thenRun(() -> mounts.release(mountPoints));
        WorkerProcess worker = new WorkerProcess(process, socketDir, confinement,
                readyLine ? WorkerProcess.Lines.READY : WorkerProcess.Lines.NONE,
                line -> logs.append(spec.function(), source, line));
        ProcessInstance instance = track(new ProcessInstance(id, spec.function(), spec.revision(), port, worker.process(),
                Instant.now(), sandbox.enabled(), false, confinement));
        if (!readyLine) {
            HttpProbe.start(port, worker.ready(), instance::isAlive);
        }
        Instance ready = awaitReady(instance, worker, readyLine);
        if (spec.offline() && sandbox.enabled() && worker.socketDir().flatMap(WorkerSockets::madeIn).isEmpty()) {
            ready.kill();
            throw new StartException("spec.network: none leaves the instance no network, and its worker listens on a "
                    + "TCP port only (Java functions and HTTP apps do), which the gateway reaches through the network: "
                    + "use spec.network: none with python3, nodejs or command functions");
        }
        return ready;
    }

    /**
     * Builds run as the revision's instances do: sandboxed as its user, with outbound network, under
     * its limits, the hostname {@code build-<revision>}.
     */
    @Override
    public BuildSandbox builds(String revision, InstanceSpec.Resources resources) {
        return new SandboxedBuilds(sandbox, limits, limits.ofBuild(resources), spawner, "build-" + revision);
    }

    /** Keeps {@code instance} among the live ones until it exits; an exit for memory goes into the function's log. */
    private ProcessInstance track(ProcessInstance instance) {
        live.add(instance);
        instance.exit().whenComplete((status, error) -> {
            live.remove(instance);
            instance.outOfMemory().ifPresent(why -> {
                LOG.warn("{}", why);
                logs.append(instance.function(), instance.toString(), "skiff: " + why);
            });
        });
        return instance;
    }

    private Instance awaitReady(ProcessInstance instance, WorkerProcess worker, boolean readyLine) throws StartException {
        CompletableFuture<Void> ready = worker.ready();
        try {
            ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            // A worker binds its socket before it says it is ready; an HTTP app may never make one.
            worker.socketDir().flatMap(WorkerSockets::madeIn).ifPresent(instance::listensOn);
            // Its socket is bound and listening: the directory is the server's again, so the function can
            // no longer replace its socket or keep files there.
            if (sandbox.enabled()) {
                worker.socketDir().ifPresent(sockets::takeBack);
            }
            return instance;
        } catch (ExecutionException e) {
            StartException failed = e.getCause() instanceof StartException start ? start : new StartException(e.getCause().toString());
            throw instance.outOfMemoryAtStart().map(StartException::new).orElse(failed);
        } catch (TimeoutException e) {
            instance.kill();
            String what = readyLine ? "the worker did not become ready"
                    : "the app did not answer HTTP on its port (" + instance.port() + ", given in $PORT)";
            throw new StartException(worker.tail().explain(what + " within " + startTimeout.toSeconds() + "s"));
        } catch (InterruptedException e) {
            instance.kill();
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while the worker started");
        }
    }

    /**
     * Starts the process in {@code confinement}'s group; its socket directory, if any, and its group
     * are removed when it exits, or at once if it cannot start.
     */
    private Process fork(ProcessBuilder builder, WorkerCommand command, Optional<Path> socketDir, Confinement confinement)
            throws StartException {
        boolean started = false;
        builder.command(confinement.argv(builder.command()));
        try {
            Process process = spawner.submit(builder::start).get();
            started = true;
            process.onExit().thenRun(confinement::end);
            socketDir.ifPresent(dir -> process.onExit().thenRun(() -> sockets.remove(dir)));
            return process;
        } catch (ExecutionException e) {
            throw new StartException("cannot start " + command.argv().get(0) + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while the worker started");
        } catch (RejectedExecutionException e) {
            throw new StartException("the server is stopping");
        } finally {
            if (!started) {
                socketDir.ifPresent(sockets::remove);
                confinement.end();
            }
        }
    }

    /** The server's own variables every worker gets, generic or not: PATH, HOME, the locale... */
    private static Map<String, String> inherited() {
        Map<String, String> env = new HashMap<>();
        INHERITED_ENV.forEach(name -> {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        });
        return env;
    }

    /**
     * {@code dir} (a worker's socket directory), made the sandbox user's so that its worker can make
     * its socket there; without a sandbox, as it is.
     */
    private Optional<Path> ownedBySandbox(Optional<Path> dir) {
        dir.ifPresent(path -> sandbox.user().ifPresent(user -> {
            try {
                user.give(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot give the socket directory " + path + " to uid " + user, e);
            }
        }));
        return dir;
    }

    /** The server's variables a worker inherits; in a sandbox, its home is /tmp, as the server's home and user are not its. */
    private Map<String, String> baseEnv() {
        Map<String, String> env = inherited();
        if (sandbox.enabled()) {
            env.put("HOME", "/tmp");
            env.remove("USER");
            env.remove("TMPDIR");
        }
        return env;
    }

    /** Everything a worker of {@code spec} sees in its environment, whether it starts afresh or from the pool. */
    private Map<String, String> environment(InstanceSpec spec, int port, Optional<Path> socketDir) {
        Map<String, String> env = baseEnv();
        env.putAll(spec.command().env());
        env.putAll(spec.userEnv());
        env.put("PORT", Integer.toString(port));
        socketDir.ifPresent(dir -> env.put("SKIFF_SOCKET", dir.resolve(WorkerSockets.FILE).toString()));
        env.put("SKIFF_FUNCTION", spec.function());
        env.put("SKIFF_REVISION", spec.revision());
        if (spec.handler() != null) {
            env.put("SKIFF_HANDLER", spec.handler());
        }
        env.put("SKIFF_CODE_DIR", spec.files().codeDir().toString());
        env.put("SKIFF_DEPS_DIR", spec.files().depsDir().toString());
        env.put("SKIFF_TIMEOUT", Integer.toString(spec.timeoutSeconds()));
        long memory = memoryBytes(spec);
        if (memory > 0) {
            env.put("SKIFF_MEMORY_LIMIT", Long.toString(memory));
        }
        spec.volumes().forEach(volume -> env.put(volume.envName(), sandbox.visiblePath(volume)));
        return env;
    }

    private static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Kills every worker still running, pooled ones included, and removes the server's cgroups. */
    @Override
    public void close() {
        pools.members().close();
        live.forEach(Instance::kill);
        spawner.shutdownNow();
        sockets.close();
        limits.close();
        sandbox.close();
    }

    /** The generic commands by pool name, and their members. */
    private record Pools(Map<String, WorkerCommand> generics, WorkerPool<WorkerProcess> members) {}
}

package dev.skiff.server;

import dev.skiff.server.backend.cgroups.LimitSettings;
import dev.skiff.server.backend.sandbox.SandboxUser;
import dev.skiff.server.events.EventsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How to run the embedded server.
 *
 * @param host the address to bind; 127.0.0.1 unless the user says otherwise
 * @param port the port to listen on; 0 picks a free one
 * @param dataDir where the database, code, environments and logs live
 * @param python the Python interpreter for python3 functions, or null to find one
 * @param startTimeout how long a new instance may take to become ready
 * @param poolSize how many generic workers each pooled runtime keeps pre-started; 0 disables the pool
 * @param events the settings of events, cron and activations
 * @param workerSockets whether workers get a Unix socket for the gateway to reach them on
 *     ({@code SKIFF_SOCKET}); false reaches every worker on its port, as before there were sockets
 * @param allowedCallbackHosts the hosts (names or IP literals, matched exactly, ignoring case) that
 *     asynchronous calls' callbacks may reach even on loopback, link-local or private addresses
 * @param volumeRoots the directories a user's own volume must lie inside ({@code --volume-root}); none
 *     lets it be any directory the other rules allow
 * @param limits each instance's default and largest memory and CPU limits, and its process count
 * @param sandbox how functions and their builds are sandboxed
 * @param access who may reach the management API
 */
public record ServerConfig(String host, int port, Path dataDir, String python, Duration startTimeout, int poolSize,
                           EventsConfig events, boolean workerSockets, Set<String> allowedCallbackHosts,
                           List<Path> volumeRoots, LimitSettings limits, SandboxConfig sandbox, AccessConfig access) {
    /** The default address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default time an instance may take to start. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);
    /**
     * The default pool size: two generic workers per runtime serve two cold starts at once (one per
     * core of a two-core machine) without waiting for a refill, for about 25 MB (Python) and 85 MB
     * (Node.js) of idle memory (13 MB and 42 MB resident each); more would only take memory from
     * functions on such a machine.
     */
    public static final int DEFAULT_POOL_SIZE = 2;

    /**
     * A config; {@code allowedCallbackHosts} and {@code volumeRoots} are copied, null meaning none; null
     * limits are the defaults.
     */
    public ServerConfig {
        allowedCallbackHosts = allowedCallbackHosts == null ? Set.of() : Set.copyOf(allowedCallbackHosts);
        volumeRoots = volumeRoots == null ? List.of() : List.copyOf(volumeRoots);
        limits = limits == null ? LimitSettings.defaults() : limits;
        sandbox = sandbox == null ? SandboxConfig.DEFAULT : sandbox;
        access = access == null ? AccessConfig.DEFAULT : access;
    }

    /** A config with the default start timeout, pool size and events settings. */
    public ServerConfig(String host, int port, Path dataDir, String python) {
        this(host, port, dataDir, python, DEFAULT_START_TIMEOUT);
    }

    /** A config with the default pool size and events settings. */
    public ServerConfig(String host, int port, Path dataDir, String python, Duration startTimeout) {
        this(host, port, dataDir, python, startTimeout, DEFAULT_POOL_SIZE, EventsConfig.defaults(), true, Set.of(),
                List.of(), LimitSettings.defaults(), SandboxConfig.DEFAULT, AccessConfig.DEFAULT);
    }

    /** This config with another start timeout. */
    public ServerConfig withStartTimeout(Duration timeout) {
        return copy().startTimeout(timeout).build();
    }

    /** This config with another pool size (0: no pool). */
    public ServerConfig withPoolSize(int size) {
        return copy().poolSize(size).build();
    }

    /** This config with other events settings. */
    public ServerConfig withEvents(EventsConfig newEvents) {
        return copy().events(newEvents).build();
    }

    /** This config with worker sockets on or off (off: the gateway reaches every worker on its port). */
    public ServerConfig withWorkerSockets(boolean on) {
        return copy().workerSockets(on).build();
    }

    /** This config letting callbacks reach {@code hosts} (names or IP literals) whatever their addresses. */
    public ServerConfig withAllowedCallbackHosts(Collection<String> hosts) {
        return copy().allowedCallbackHosts(Set.copyOf(hosts)).build();
    }

    /** This config with other limits for instances. */
    public ServerConfig withLimits(LimitSettings newLimits) {
        return copy().limits(newLimits).build();
    }

    /** This config restricting users' own volumes to directories inside {@code roots} (none: no restriction). */
    public ServerConfig withVolumeRoots(List<Path> roots) {
        return copy().volumeRoots(roots).build();
    }

    /** This config sandboxing functions as {@code other} says. */
    public ServerConfig withSandbox(SandboxConfig other) {
        return copy().sandbox(other).build();
    }

    /** This config letting requests to the management API name {@code hosts} in their Host ({@code --allowed-host}). */
    public ServerConfig withAllowedHosts(List<String> hosts) {
        return withAccess(access.withAllowedHosts(hosts));
    }

    /** This config with other access settings (tokens, TLS, the CLI configuration). */
    public ServerConfig withAccess(AccessConfig other) {
        return copy().access(other).build();
    }

    /** This config running sandboxed functions as {@code user}. */
    public ServerConfig withSandboxUser(SandboxUser user) {
        return withSandbox(sandbox.withUser(user));
    }

    /** This config letting sandboxed functions reach the host's loopback {@code ports} ({@code --host-port}). */
    public ServerConfig withHostPorts(List<Integer> ports) {
        return withSandbox(sandbox.withHostPorts(ports));
    }

    /** This config running functions without a sandbox when {@code insecure} ({@code --insecure-no-sandbox}). */
    public ServerConfig withInsecureNoSandbox(boolean insecure) {
        return withSandbox(sandbox.withInsecure(insecure));
    }

    /** This config letting builds read {@code dirs} ({@code --package-dir}). */
    public ServerConfig withPackageDirs(List<Path> dirs) {
        return withSandbox(sandbox.withPackageDirs(dirs));
    }

    /** A config for tests and embedding: loopback, a free port. */
    public static ServerConfig ephemeral(Path dataDir) {
        return new ServerConfig(DEFAULT_HOST, 0, dataDir, null);
    }

    /**
     * {@code preferred}, unless it lies under {@code /tmp}: then {@code /var/tmp} (or the user's
     * home). Sandboxed workers get a private {@code /tmp}, so a pre-warmed worker cannot read a
     * function's code from a data directory there, and the pool stays off; tests and benchmarks
     * that need the pool make their data directories under this, wherever the repository is cloned.
     */
    public static Path outsideTmp(Path preferred) {
        Path absolute = preferred.toAbsolutePath().normalize();
        if (!absolute.startsWith("/tmp")) {
            return absolute;
        }
        Path varTmp = Path.of("/var/tmp");
        return java.nio.file.Files.isDirectory(varTmp) && java.nio.file.Files.isWritable(varTmp)
                ? varTmp : Path.of(System.getProperty("user.home"));
    }

    private Copy copy() {
        return new Copy(this);
    }

    /** A copy of a config with some of its components changed: each wither sets one and builds. */
    private static final class Copy {
        private final ServerConfig from;
        private Duration startTimeout;
        private Integer poolSize;
        private EventsConfig events;
        private Boolean workerSockets;
        private Set<String> allowedCallbackHosts;
        private List<Path> volumeRoots;
        private LimitSettings limits;
        private SandboxConfig sandbox;
        private AccessConfig access;

        Copy(ServerConfig from) {
            this.from = from;
        }

        Copy startTimeout(Duration value) {
            startTimeout = value;
            return this;
        }

        Copy poolSize(int value) {
            poolSize = value;
            return this;
        }

        Copy events(EventsConfig value) {
            events = value;
            return this;
        }

        Copy workerSockets(boolean value) {
            workerSockets = value;
            return this;
        }

        Copy allowedCallbackHosts(Set<String> value) {
            allowedCallbackHosts = value;
            return this;
        }

        Copy volumeRoots(List<Path> value) {
            volumeRoots = value;
            return this;
        }

        Copy limits(LimitSettings value) {
            limits = value;
            return this;
        }

        Copy sandbox(SandboxConfig value) {
            sandbox = value;
            return this;
        }

        Copy access(AccessConfig value) {
            access = value;
            return this;
        }

        ServerConfig build() {
            return new ServerConfig(from.host, from.port, from.dataDir, from.python,
                    startTimeout == null ? from.startTimeout : startTimeout,
                    poolSize == null ? from.poolSize : poolSize,
                    events == null ? from.events : events,
                    workerSockets == null ? from.workerSockets : workerSockets,
                    allowedCallbackHosts == null ? from.allowedCallbackHosts : allowedCallbackHosts,
                    volumeRoots == null ? from.volumeRoots : volumeRoots,
                    limits == null ? from.limits : limits,
                    sandbox == null ? from.sandbox : sandbox,
                    access == null ? from.access : access);
        }
    }
}

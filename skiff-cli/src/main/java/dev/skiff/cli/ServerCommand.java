package dev.skiff.cli;

import dev.skiff.api.Quantity;
import dev.skiff.kubernetes.gateway.ClusterGateway;
import dev.skiff.server.AccessConfig;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.backend.sandbox.SandboxUser;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.backend.cgroups.LimitSettings;
import dev.skiff.server.events.EventsConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code skiff server}: runs the embedded platform in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "server", usageHelpAutoWidth = true, sortOptions = false,
        description = {"Run the Skiff server in the foreground; Ctrl-C or SIGTERM stops it gracefully.",
            "With --kubernetes, run Skiff's gateway for a cluster without Knative instead: it serves",
            "/function/NAME[@TAG][/PATH] for the Function resources of the namespace (-n; default: the",
            "kubeconfig context's, or the pod's), waking and scaling their Deployments."})
public final class ServerCommand implements Callable<Integer> {
    private static final int MAX_PORT = 65_535;
    /** How long Ctrl-C waits for a graceful stop (the server's own grace is 30 s) before the JVM exits anyway. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(45);

    @ParentCommand
    private SkiffCommand skiff;

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kubernetes",
            description = "Be the in-cluster gateway for plain Kubernetes (no data dir, workers or events).")
    boolean kubernetes;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "skiff-data",
            description = "Where functions, revisions and logs are kept "
                    + "(default: ${DEFAULT-VALUE} in the current directory).")
    Path dataDir;

    @Option(names = "--python", paramLabel = "PATH",
            description = "The Python interpreter for python3 functions (default: found on PATH).")
    String python;

    @Option(names = "--pool-size", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_POOL_SIZE,
            description = "Generic workers kept pre-started per runtime (python3, nodejs) for fast cold starts; "
                    + "0 disables the pool (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "Keep brokers' and topics' events on this Kafka cluster (default: the embedded log).")
    String kafka;

    @Option(names = "--activation-retention", paramLabel = "DURATION", defaultValue = "P7D",
            description = "How long activation records are kept, ISO-8601 (default: ${DEFAULT-VALUE}, a week).")
    java.time.Duration activationRetention;

    @Option(names = "--activation-limit", paramLabel = "N", defaultValue = "" + EventsConfig.DEFAULT_ACTIVATION_LIMIT,
            description = "The most activation records kept; past it the oldest go, whatever their age "
                    + "(default: ${DEFAULT-VALUE}).")
    long activationLimit;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = {"Answer management requests (the API, the CLI) that name NAME in their Host header: a name "
                    + "this machine is reached by when the server listens beyond loopback (--host). Loopback names and "
                    + "IP addresses are always answered; any other name is refused (403), which keeps web pages that "
                    + "reach the server by a name of their own (DNS rebinding) out. Repeatable (default: none)."})
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--metrics-public",
            description = "Answer GET /metrics without a token (for a Prometheus that cannot send one; by default "
                    + "it takes a token of any role, e.g. an invoker token made for Prometheus).")
    boolean metricsPublic;

    @Option(names = "--agent-api-open",
            description = "Serve the seed-002 agent's API (/deploy, /invoke, /functions) without a token, so its "
                    + "existing clients work unchanged. Any process of this machine can then deploy code: allowed only "
                    + "with a loopback --host.")
    boolean agentApiOpen;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS with this PEM certificate (chain), with --tls-key. The CLI of the user who "
                    + "starts the server trusts it with no flag; others: skiff login --certificate-authority FILE.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--allow-callback-host", paramLabel = "HOST",
            description = {"Let asynchronous calls' callbacks (X-Callback-Url) reach HOST, a host name or an IP address "
                    + "matched exactly (ignoring case), even where they may not go otherwise: loopback, link-local "
                    + "(169.254.169.254), private, carrier-grade NAT and unique-local IPv6 addresses, and names that "
                    + "resolve to them. Repeatable (default: none)."})
    List<String> allowedCallbackHosts = new ArrayList<>();

    @Option(names = "--default-memory", paramLabel = "SIZE", defaultValue = "512Mi",
            converter = ResourceQuantityConverter.Memory.class,
            description = "The memory limit of each instance of a function that names none in "
                    + "spec.resources.limits.memory (default: ${DEFAULT-VALUE}).")
    String defaultMemory;

    @Option(names = "--max-memory", paramLabel = "SIZE", defaultValue = "4Gi", converter = ResourceQuantityConverter.Memory.class,
            description = "The largest memory limit a function may name; a deploy asking for more is refused "
                    + "(default: ${DEFAULT-VALUE}).")
    String maxMemory;

    @Option(names = "--default-cpu", paramLabel = "CPU", converter = ResourceQuantityConverter.Cpu.class,
            description = "The CPU limit of each instance of a function that names none in spec.resources.limits.cpu, "
                    + "e.g. 1 or 500m (default: none, an instance may use every core).")
    String defaultCpu;

    @Option(names = "--max-cpu", paramLabel = "CPU", converter = ResourceQuantityConverter.Cpu.class,
            description = "The largest CPU limit a function may name; a deploy asking for more is refused (default: no maximum).")
    String maxCpu;

    @Option(names = "--max-pids", paramLabel = "N", defaultValue = "" + LimitSettings.PIDS,
            description = "The most processes and threads one instance may have at once; 0 for no limit "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxPids;

    @Option(names = "--volume-root", paramLabel = "DIR",
            description = {"Let users' own volumes (volume create --path) be only directories inside DIR, on real paths; "
                    + "the other rules still apply (no system directory, nothing around or inside the data directory, "
                    + "no link). Repeatable (default: any directory those rules allow)."})
    List<Path> volumeRoots = new ArrayList<>();

    @Option(names = "--sandbox-user", paramLabel = "UID[:GID]", defaultValue = "65532:65532",
            description = "The unprivileged host user sandboxed functions run as; not 0 (default: ${DEFAULT-VALUE}).")
    String sandboxUser;

    @Option(names = "--host-port", paramLabel = "PORT",
            description = "Let sandboxed functions reach this machine's 127.0.0.1:PORT (a database, a mail relay) at "
                    + "their own 127.0.0.1:PORT; they reach nothing else of this machine. Repeatable (default: none).")
    List<Integer> hostPorts = new ArrayList<>();

    @Option(names = "--package-dir", paramLabel = "DIR",
            description = "Let builds read DIR (a wheelhouse, local npm packages), read-only: requirements may name "
                    + "files in it. Builds see nothing else of this machine but the function's own files. Repeatable "
                    + "(default: none).")
    List<Path> packageDirs = new ArrayList<>();

    @Option(names = "--insecure-no-sandbox",
            description = "Run functions without a sandbox, as the server's own user, able to read and write whatever "
                    + "it can and reach every port of this machine. Only for a machine that cannot sandbox (no bubblewrap, "
                    + "passt or root) and runs only code you trust; without it the server refuses to start there.")
    boolean insecureNoSandbox;

    /** Starts the server, says where it listens, and waits until it has stopped. */
    @Override
    public Integer call() throws InterruptedException {
        if (kubernetes) {
            return serveKubernetes();
        }
        ServerConfig config = config();
        SkiffServer server;
        try {
            server = SkiffServer.start(config);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliException("cannot start the server on " + config.host() + ":" + config.port() + ": " + why, e);
        }
        Thread stopper = new Thread(() -> {
            if (!runWithin(server::close, STOP_LIMIT)) {
                skiff.context().err().println("skiff: the server did not stop within " + STOP_LIMIT.toSeconds()
                        + " s; exiting anyway");
                skiff.context().err().flush();
            }
        }, "skiff-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        skiff.context().out().println("Skiff is serving on " + server.url()
                + " (data in " + config.dataDir() + "); Ctrl-C stops it");
        skiff.context().out().println("Admin token: in " + config.dataDir().resolve("admin-token")
                + (config.access().cliConfig() == null ? "" : "; this user's CLI uses it with no flag (recorded in "
                + config.access().cliConfig() + ")"));
        skiff.context().out().println("Instance limits: " + config.limits().text() + "; enforced by "
                + server.limitEnforcement());
        skiff.context().out().println("Sandbox: " + server.sandboxing());
        server.awaitTermination();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException stopping) {
            // The JVM is already shutting down, and the hook is what stopped the server.
        }
        return 0;
    }

    /** Runs the in-cluster gateway until SIGTERM or Ctrl-C. */
    private Integer serveKubernetes() throws InterruptedException {
        Gateway gateway = startGateway();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "skiff-gateway-stop"));
        skiff.context().out().println("Skiff's gateway is serving namespace " + gateway.namespace() + " of "
                + gateway.masterUrl() + " on http://" + host + ":" + gateway.server().port() + "; Ctrl-C stops it");
        skiff.context().out().flush();
        stopped.await();
        return 0;
    }

    /** The gateway, its client and where it serves. */
    record Gateway(ClusterGateway server, KubernetesClient client, String namespace, String masterUrl)
            implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            client.close();
        }
    }

    /** Starts the in-cluster gateway from the flags; a usage error for the embedded server's flags. */
    Gateway startGateway() {
        for (String embeddedOnly : List.of("--data-dir", "--python", "--kafka", "--activation-retention", "--activation-limit",
                "--pool-size", "--allow-callback-host", "--volume-root", "--default-memory", "--max-memory", "--default-cpu",
                "--max-cpu", "--max-pids", "--sandbox-user", "--host-port", "--package-dir", "--insecure-no-sandbox",
                "--allowed-host", "--metrics-public", "--agent-api-open", "--tls-cert", "--tls-key")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(embeddedOnly)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--kubernetes does not take " + embeddedOnly + ": the cluster keeps the functions and runs them");
            }
        }
        config();
        Config config = skiff.clusterConfig();
        String namespace = ClusterFunctions.namespaceOf(config);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            return new Gateway(ClusterGateway.onCluster(client, namespace, host, port), client, namespace,
                    config.getMasterUrl());
        } catch (RuntimeException e) {
            client.close();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliException("cannot start the gateway on " + host + ":" + port + " for namespace " + namespace
                    + " of " + config.getMasterUrl() + ": " + why, e);
        }
    }

    /** Runs {@code task} on its own thread and answers whether it finished within {@code limit}. */
    static boolean runWithin(Runnable task, Duration limit) {
        Thread running = Thread.ofPlatform().daemon().name("skiff-stop").start(task);
        try {
            return running.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's configuration from the flags; a usage error for a port out of range. */
    ServerConfig config() {
        if (port < 0 || port > MAX_PORT) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': " + port + " is not between 0 and " + MAX_PORT);
        }
        if (poolSize < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--pool-size': " + poolSize + " is negative");
        }
        if (activationLimit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--activation-limit': " + activationLimit + " is not 1 or more");
        }
        for (String allowed : allowedCallbackHosts) {
            if (allowed.isBlank() || allowed.chars().anyMatch(c -> c == '/' || c == '@' || Character.isWhitespace(c))
                    || allowed.indexOf(':') >= 0 && allowed.indexOf(':') == allowed.lastIndexOf(':')) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--allow-callback-host': '"
                        + allowed + "' is not a host name or an IP address (give the host alone, without a scheme, port or path)");
            }
        }
        for (String name : allowedHosts) {
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\\.?")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--allowed-host': '"
                        + name + "' is not a host name (give the name alone, without a scheme, port or path; IP addresses "
                        + "are always answered)");
            }
        }
        LimitSettings limits = limits();
        ServerCliConfig cliConfig = cliConfig();
        for (int hostPort : hostPorts) {
            if (hostPort < 1 || hostPort > MAX_PORT) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--host-port': " + hostPort + " is not between 1 and " + MAX_PORT);
            }
        }
        if (tlsCert == null != (tlsKey == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tls-cert and --tls-key go together: give both (a PEM certificate and its key), or neither");
        }
        for (Path file : java.util.Arrays.asList(tlsCert, tlsKey)) {
            if (file != null && !Files.isReadable(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '"
                        + (file == tlsCert ? "--tls-cert" : "--tls-key") + "': '" + file + "' is not a readable file");
            }
        }
        boolean loopbackHost = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (agentApiOpen && !loopbackHost) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--agent-api-open serves the agent's API "
                    + "without a token, which only a server on a loopback --host may do (not " + host + ")");
        }
        requireDirectories("--volume-root", volumeRoots);
        requireDirectories("--package-dir", packageDirs);
        EventsConfig events = EventsConfig.defaults().withActivationRetention(activationRetention)
                .withActivationLimit(activationLimit);
        return new ServerConfig(host, port, dataDir, python).withPoolSize(poolSize)
                .withEvents(kafka == null ? events : events.withKafka(kafka))
                .withAllowedCallbackHosts(allowedCallbackHosts).withVolumeRoots(volumeRoots)
                .withLimits(limits).withSandboxUser(sandboxUser()).withHostPorts(hostPorts)
                .withInsecureNoSandbox(insecureNoSandbox).withPackageDirs(packageDirs)
                .withAccess(new AccessConfig(allowedHosts, metricsPublic, agentApiOpen, cliConfig.file(),
                        cliConfig.owner(), tlsCert == null ? null : new AccessConfig.Tls(tlsCert, tlsKey)));
    }

    /** Whose CLI configuration the server records itself in: the user who started it, through sudo too. */
    private ServerCliConfig cliConfig() {
        String passwd;
        try {
            passwd = Files.readString(Path.of("/etc/passwd"));
        } catch (java.io.IOException e) {
            passwd = "";
        }
        Object uid;
        try {
            uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            uid = -1;
        }
        return ServerCliConfig.of(skiff.context().env(), ((Number) uid).longValue(), passwd);
    }

    private void requireDirectories(String option, List<Path> dirs) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': '"
                        + dir + "' is not a directory on this machine");
            }
        }
    }

    /** The sandbox's user from the flag; a usage error for root or a malformed one. */
    private SandboxUser sandboxUser() {
        try {
            return SandboxUser.parse(sandboxUser);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--sandbox-user': "
                    + e.getMessage());
        }
    }

    /** The limits from the flags; a usage error when a default is above its maximum. */
    private LimitSettings limits() {
        if (maxPids < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--max-pids': " + maxPids + " is negative (0 is no limit)");
        }
        long memory = Quantity.resourceBytes(defaultMemory);
        long mostMemory = Quantity.resourceBytes(maxMemory);
        if (memory > mostMemory) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--default-memory " + defaultMemory
                    + " is above --max-memory " + maxMemory + "; raise --max-memory or lower the default");
        }
        long cpu = defaultCpu == null ? 0 : Quantity.millicores(defaultCpu);
        long mostCpu = maxCpu == null ? 0 : Quantity.millicores(maxCpu);
        if (mostCpu > 0 && cpu > mostCpu) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--default-cpu " + defaultCpu
                    + " is above --max-cpu " + maxCpu + "; raise --max-cpu or lower the default");
        }
        return new LimitSettings(memory, mostMemory, cpu, mostCpu, maxPids);
    }
}

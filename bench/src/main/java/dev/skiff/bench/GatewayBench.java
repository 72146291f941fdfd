package dev.skiff.bench;

import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The gateway's cost: a no-op Python function called straight on its worker's port, through nginx
 * and through Skiff's gateway, at 1, 16 and 64 closed-loop clients; then a new function's first request after
 * its deploy, beside the bare interpreter's start and the worker's own. Writes
 * {@code gateway.md} and {@code gateway.csv} and prints the Markdown.
 */
public final class GatewayBench {
    private static final String NAME = "gateway";
    private static final String FUNCTION = "bench-noop";
    /** The seed-002 convention: with an empty body the handler gets a dict of the query, the cheapest input. */
    private static final String NOOP = "def handle(req):\n    return 'ok'\n";

    private GatewayBench() {}

    /** Runs the benchmark; the knobs are the {@code bench.*} system properties listed in bench/README.md. */
    public static void main(String[] args) throws IOException, InterruptedException {
        LoadGenerator.Settings load = new LoadGenerator.Settings(
                Options.seconds("bench.warmup", 2), Options.seconds("bench.measure", 5), Duration.ofSeconds(30));
        Duration jitWarmUp = Options.seconds("bench.jit-warmup", 5);
        int[] clients = Options.counts("bench.clients", 1, 16, 64);
        int deploys = Options.count("bench.deploys", 10);
        int rounds = Options.count("bench.rounds", 3);
        boolean nginxToSocket = Options.flag("bench.nginx-to-socket");
        boolean nginxAccessLog = !Options.flag("bench.nginx-access-log-off");
        boolean workerSockets = !Options.flag("bench.gateway-over-tcp");
        int concurrency = Options.nonNegative("bench.concurrency", 0);
        String python = Options.python();
        Report report = new Report("Gateway: Skiff against direct calls to the worker", Machine.describe(python),
                ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        try (ScratchDir scratch = ScratchDir.create("skiff-bench-gateway-");
             SkiffServer server = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
                     scratch.path().resolve("data"), python).withWorkerSockets(workerSockets))) {
            SkiffApi api = new SkiffApi(server.port(), server.adminToken());
            if (!api.ready()) {
                throw new IllegalStateException("the server is not ready");
            }
            Function noop = SkiffApi.python(FUNCTION, NOOP, concurrency);
            api.create(noop.withSpec(noop.spec().withScale(ScaleSpec.bounds(1, 1))));
            SkiffApi.InstanceInfo instance = onlyInstance(api.instances(FUNCTION));
            Target direct = new Target("127.0.0.1", instance.port(), "/");
            Target gateway = new Target("127.0.0.1", server.port(), "/function/" + FUNCTION);
            List<DirectVsGateway.Comparison> comparisons;
            String upstream = nginxToSocket
                    ? "unix:" + instance.socket().orElseThrow(() -> new IllegalStateException("the worker has no socket"))
                    : "127.0.0.1:" + instance.port();
            try (Nginx nginx = Nginx.start(scratch.path().resolve("nginx"), upstream, nginxAccessLog)) {
                Target proxied = new Target("127.0.0.1", nginx.port(), "/");
                describe(report, load, jitWarmUp, clients, rounds, concurrency, instance, direct, proxied, gateway, upstream,
                        nginxAccessLog);
                DirectVsGateway.warmUp(gateway, Arrays.stream(clients).max().orElse(1), jitWarmUp);
                DirectVsGateway.warmUp(proxied, Arrays.stream(clients).max().orElse(1), Duration.ofSeconds(1));
                CpuMeter meter = new CpuMeter()
                        .processes(DirectVsGateway.WORKER, instance.pid())
                        .processes(DirectVsGateway.NGINX, nginx.pid())
                        .threads(DirectVsGateway.LOAD, name -> name.startsWith("load-client"))
                        .threads(DirectVsGateway.SERVER, name -> !name.startsWith("load-client"))
                        .stolen(DirectVsGateway.STOLEN);
                comparisons = new DirectVsGateway(new LoadGenerator(load), direct, proxied, gateway, meter)
                        .run(clients, rounds);
            }
            report.table(DirectVsGateway.ratios(comparisons))
                    .paragraph(CPU_NOTE)
                    .table(DirectVsGateway.cpu(comparisons))
                    .table(DirectVsGateway.runs(comparisons));
            ProcessStarts baselines = new ProcessStarts(python, scratch.path());
            report.paragraph(FIRST_REQUEST_NOTE.formatted(deploys))
                    .table(new FirstRequest(api, server.port(), baselines, NOOP).run(deploys));
        }
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    private static SkiffApi.InstanceInfo onlyInstance(List<SkiffApi.InstanceInfo> instances) {
        if (instances.size() != 1 || !"Ready".equals(instances.get(0).state())) {
            throw new IllegalStateException("expected one ready instance of " + FUNCTION + ", found " + instances);
        }
        return instances.get(0);
    }

    private static void describe(Report report, LoadGenerator.Settings load, Duration jitWarmUp, int[] clients, int rounds,
                                 int concurrency, SkiffApi.InstanceInfo instance, Target direct, Target nginx, Target gateway,
                                 String nginxUpstream, boolean nginxAccessLog) {
        String counts = Arrays.stream(clients).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        report.paragraph(FUNCTION_NOTE.formatted(concurrency == 0 ? NO_LIMIT : LIMITED.formatted(concurrency),
                instance.pid(), instance.socket()
                .map(socket -> "on its Unix socket (`" + socket + "`, the contract's `SKIFF_SOCKET`), as it reaches "
                        + "every worker of Skiff's runtimes")
                .orElse("on its TCP port too (`-Dbench.gateway-over-tcp=true`, or the worker made no socket)")));
        report.paragraph(LOAD_NOTE.formatted(counts, seconds(load.warmUp()), seconds(load.measured()),
                direct.url(), nginx.url(), nginxUpstream.startsWith("unix:")
                        ? "the worker's Unix socket, the gateway's own way in (`-Dbench.nginx-to-socket=true`)"
                        : "the same worker port as direct calls (`-Dbench.nginx-to-socket=true` gives it the gateway's "
                                + "Unix socket instead)",
                Runtime.getRuntime().availableProcessors(), nginxAccessLog ? ACCESS_LOG : NO_ACCESS_LOG, gateway.url(),
                rounds, seconds(jitWarmUp)));
    }

    private static String seconds(Duration duration) {
        return String.valueOf(duration.toMillis() / 1000.0);
    }

    private static final String FUNCTION_NOTE = """
            The function is `def handle(req): return 'ok'` in Python (`handler: main.handle`, the \
            seed `handle(req)` convention, cheaper per call than `handler(event, context)`), deployed \
            with %s; and with `minScale` and \
            `maxScale` 1, so that all three paths reach the same single instance (pid %d), a \
            thread-per-connection Python HTTP server. Direct calls reach it on its TCP port; the \
            gateway %s.
            """;

    private static final String NO_LIMIT = """
            `concurrency: 0` (no limit) so that the gateway never queues a request the worker could \
            take: with the default `concurrency: 1` the gateway would serialize 16 or 64 clients to one \
            request at a time, which direct calls are not (`-Dbench.concurrency=N` sets another limit)""";

    private static final String LIMITED = """
            `concurrency: %d` (`-Dbench.concurrency`): the gateway hands the worker at most that many \
            requests at once and holds the others, whereas direct calls and nginx hand it all of them""";

    private static final String LOAD_NOTE = """
            Closed loop at %s clients: each client holds one keep-alive HTTP/1.1 connection and \
            sends `GET` as soon as the previous answer arrived; %s s warm-up, then %s s measured. \
            **direct** is `%s`; **nginx** is `%s`, Debian's nginx as a keep-alive reverse proxy to \
            %s; %d worker processes, %s, pooled HTTP/1.1 upstream \
            connections, and the forwarding headers the gateway sets (`X-Forwarded-For`, `-Proto`, \
            `-Host`, `X-Request-Id`), so that both proxies hand the worker the same request. \
            **gateway** is `%s`. %d rounds: each runs the three at every client count, \
            in an order rotated each round (direct, nginx, gateway; then nginx, gateway, direct; ...); \
            each figure below is the median over the rounds, and each ratio the median of the rounds' \
            own ratios, with their range. Before the first run, %s s of unrecorded load through the \
            gateway lets the JIT compile the server's path, as in a server that has been up for a \
            while. The load generator, the Skiff server and the worker share this machine's cores. \
            *throughput gateway/direct* below 1 and *added p50* above 0 are the gateway's cost; a \
            *p99 gateway/direct* well above 1 means the gateway adds tail latency.
            """;

    private static final String ACCESS_LOG = """
            its access log on (nginx's default: a `combined` line per request, here buffered 64 KiB \
            or 1 s, as a busy proxy's usually is), the counterpart of the activation record the \
            gateway writes for every call (`-Dbench.nginx-access-log-off=true` turns it off)""";

    private static final String NO_ACCESS_LOG = """
            its access log off (`-Dbench.nginx-access-log-off=true`), so it records nothing of a \
            request where the gateway writes an activation record""";

    private static final String CPU_NOTE = """
            CPU time per successful request over each measured period, from `/proc`: the worker \
            process with every thread it ran; nginx's master and workers; the Skiff server, which is \
            every thread of this JVM but the load generator's (its event loops, its activation \
            writer, and the JVM's compiler and GC threads, which serve both); the load generator's \
            client threads. When the parts share the cores, throughput depends on how the scheduler \
            shares them as much as on each part's cost, and swings from run to run; CPU per request \
            is each part's own cost. The Skiff server's includes recording every call as an \
            activation (a SQLite row), as nginx's includes its access log line unless it was turned \
            off. The last \
            column is the time the hypervisor gave to other machines while this one's cores \
            wanted it (Linux's "steal"): a run with more than a few percent measured the \
            neighbours as well.
            """;

    private static final String FIRST_REQUEST_NOTE = """
            %d rounds, interleaved: `python3 -c pass`; the worker bootstrap spawned directly on a new \
            code directory (as the server does, without the server); then a deploy of a new function \
            (`POST /api/v1/functions`, which answers once the first instance is ready) followed at \
            once by its first invocation through the gateway, on a connection opened before the deploy; \
            then the function is deleted. The ratio columns compare each p50 with the bare \
            interpreter's and with the directly spawned worker's start to its first answer.
            """;
}

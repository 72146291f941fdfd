package dev.skiff.bench;

import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Each runtime's cold start and warm invoke, beside its bare interpreter's start in the same run:
 * the interpreter doing nothing; a deploy of a new no-op function through the API until its first
 * answer through the gateway; and warm invocations through the gateway (one client, closed loop).
 * Writes {@code runtimes.md} and {@code runtimes.csv} and prints the Markdown.
 */
public final class RuntimesBench {
    private static final String NAME = "runtimes";

    private static final String JAVA_NOOP = """
            public class Main implements java.util.function.Function<String, Object> {
                public Object apply(String body) {
                    return "ok";
                }
            }
            """;

    private RuntimesBench() {}

    /** The runtimes measured, each with a no-op function. */
    static List<RuntimeSample> samples(String python) {
        return List.of(
                new RuntimeSample("python3", "main.py", "main.handle",
                        "def handle(req):\n    return 'ok'\n", List.of(python, "-c", "pass")),
                new RuntimeSample("nodejs", "main.js", "main.handle",
                        "module.exports.handle = () => 'ok';\n", List.of("node", "-e", "0")),
                new RuntimeSample("java", "Main.java", "Main", JAVA_NOOP,
                        List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")));
    }

    /** Runs the benchmark; {@code bench.deploys}, {@code bench.measure} tune it (bench/README.md). */
    public static void main(String[] args) throws IOException, InterruptedException {
        int deploys = Options.count("bench.deploys", 10);
        Duration measured = Options.seconds("bench.measure", 3);
        String python = Options.python();
        Report report = new Report("Runtimes: cold start and warm invoke against the bare interpreter",
                Machine.describe(python), ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        List<ColdStart.Result> results = new ArrayList<>();
        try (ScratchDir scratch = ScratchDir.create("skiff-bench-runtimes-");
             SkiffServer server = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
                     scratch.path().resolve("data"), python))) {
            SkiffApi api = new SkiffApi(server.port(), server.adminToken());
            if (!api.ready()) {
                throw new IllegalStateException("the server is not ready");
            }
            ColdStart coldStart = new ColdStart(api, server.port(),
                    new LoadGenerator(new LoadGenerator.Settings(Duration.ofSeconds(1), measured, Duration.ofSeconds(30))));
            for (RuntimeSample sample : samples(python)) {
                System.err.printf("bench: %s: %d deploys%n", sample.runtime(), deploys);
                results.add(coldStart.measure(sample, deploys));
            }
        }
        report.paragraph(NOTE.formatted(deploys)).table(ColdStart.table(results));
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    private static final String NOTE = """
            For each runtime, %d rounds of: the bare interpreter doing nothing (fork to exit); a deploy \
            of a new no-op function (`POST /api/v1/functions`, which answers once its first instance \
            is ready) and its first invocation through the gateway, on a connection opened before the \
            deploy (for Java this includes compiling and the start-up cache's training run); then, once \
            the function (deployed with a one-second scale-to-zero grace) has no instance left, a \
            request on the same connection until its answer: the scale-from-idle cold start, which the \
            gateway holds while an instance starts. The function is then deleted. After the rounds, \
            one more function of the runtime is invoked warm through the gateway by one closed-loop \
            client.""";
}

package dev.skiff.bench;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ScaleSpec;
import dev.skiff.api.VolumeMount;
import dev.skiff.core.workflow.Workflows;
import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine-scale part of the workflow benchmark: synthetic DAGs of no-op jobs ({@code true}) through a
 * command function that answers at once, beside the same DAGs run directly; the server's memory while it
 * runs them; and how long a server started on the data directory of an unfinished run takes to run it again.
 */
final class EngineScale {
    private static final String FUNCTION = "noop";
    private static final String VOLUME = "scratch";
    /** How often a running workflow is looked at. */
    static final Duration POLL = Duration.ofMillis(100);

    private EngineScale() {}

    /**
     * One shape's run.
     *
     * @param shape the shape's description
     * @param jobs how many jobs
     * @param depth the jobs on its longest path
     * @param direct the makespan run directly, in nanoseconds
     * @param skiff the makespan through Skiff, in nanoseconds
     * @param submitRss the resident memory when it was submitted, in bytes
     * @param peakRss the most resident memory seen while Skiff ran it, in bytes
     */
    record ShapeResult(String shape, int jobs, int depth, long direct, long skiff, long submitRss, long peakRss) {}

    /** Everything the part measured. */
    record Result(List<ShapeResult> shapes, RestartResume resume) {}

    /** Runs the part with {@code jobs} jobs per DAG at {@code parallelism}. */
    static Result run(Path scratch, int jobs, int parallelism, String python) throws IOException, InterruptedException {
        Path data = scratch.resolve("data-engine");
        Path direct = Files.createDirectories(scratch.resolve("engine-direct"));
        List<ShapeResult> shapes = new ArrayList<>();
        ServerConfig config = new ServerConfig(ServerConfig.DEFAULT_HOST, 0, data, python);
        SkiffServer server = SkiffServer.start(config);
        try {
            SkiffWorkflows workflows = deploy(server, parallelism);
            String[] names = {"wide: 1 root, " + (jobs - 2) + " in parallel, 1 sink",
                "deep: " + parallelism + " chains of " + jobs / parallelism + " jobs"};
            String[] texts = {SyntheticDag.wide(jobs), SyntheticDag.deep(jobs, parallelism)};
            int[] depths = {3, jobs / parallelism};
            for (int s = 0; s < texts.length; s++) {
                System.err.printf("bench: workflow: engine scale, %s%n", names[s]);
                long directTime = DirectDag.run(Workflows.parse(texts[s]), direct, parallelism).makespan();
                long atSubmit = rss();
                AtomicLong peak = new AtomicLong(atSubmit);
                workflows.submit("engine-" + s, texts[s], FUNCTION, "/mnt/data", parallelism);
                long skiffTime = workflows.await("engine-" + s, POLL, () -> peak.accumulateAndGet(rss(), Math::max));
                shapes.add(new ShapeResult(names[s], Workflows.parse(texts[s]).jobs().size(), depths[s], directTime,
                        skiffTime, atSubmit, peak.get()));
            }
            System.err.printf("bench: workflow: engine scale, resume after a restart%n");
            workflows.submit("resume", texts[0], FUNCTION, "/mnt/data", parallelism);
            int done = 0;
            while (done < jobs / 4) {
                Thread.sleep(POLL);
                done = SkiffWorkflows.succeeded(workflows.summary("resume"));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new Result(shapes, RestartResume.measure(server, config, "resume", jobs));
    }

    private static SkiffWorkflows deploy(SkiffServer server, int parallelism) throws IOException, InterruptedException {
        SkiffApi api = new SkiffApi(server.port(), server.adminToken());
        if (!api.ready()) {
            throw new IllegalStateException("the server is not ready");
        }
        api.createResource("volumes", "{\"name\": \"" + VOLUME + "\"}");
        api.create(Function.of(FUNCTION, FunctionSpec.builder().runtime("command")
                .allowedCommands(List.of(SyntheticDag.NO_OP))
                .volumes(List.of(new VolumeMount(VOLUME, "/mnt/data", false)))
                .scale(ScaleSpec.bounds(parallelism, null)).build()));
        return new SkiffWorkflows(api);
    }

    /** This JVM's resident memory (the embedded server's and the benchmark's own), in bytes, from /proc. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The results as two tables: the shapes, then the resume. */
    static List<Table> tables(Result result, int parallelism) {
        Table shapes = new Table("engine", "Synthetic DAGs of no-op jobs, parallelism " + parallelism
                + ": Skiff's engine against a local executor of the same DAG", "shape", "jobs", "depth", "direct ms",
                "Skiff ms", "Skiff jobs/s", "Skiff ms/job", "overhead ms/job", "Skiff ms per level", "RSS at submit MiB",
                "RSS peak MiB");
        for (ShapeResult shape : result.shapes()) {
            shapes.row(shape.shape(), Integer.toString(shape.jobs()), Integer.toString(shape.depth()),
                    Units.millis(shape.direct()), Units.millis(shape.skiff()),
                    Units.rate(shape.jobs() * 1e9 / shape.skiff()), Units.millis((double) shape.skiff() / shape.jobs()),
                    Units.addedMillis((double) (shape.skiff() - shape.direct()) / shape.jobs()),
                    shape.depth() > 3 ? Units.millis((double) shape.skiff() / shape.depth()) : "–",
                    mib(shape.submitRss()), mib(shape.peakRss()));
        }
        return List.of(shapes, result.resume().table());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }
}

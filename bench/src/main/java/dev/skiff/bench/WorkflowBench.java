package dev.skiff.bench;

import dev.skiff.server.ServerConfig;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Scientific workflows: the Montage example's NxN grids run through Skiff (with and without the sandbox)
 * beside the same jobs run directly, in interleaved rounds; then the engine at scale, synthetic DAGs of
 * no-op jobs, the server's memory, and the time to resume a run after a restart. Writes {@code workflow.md}
 * and {@code workflow.csv} and prints the Markdown.
 */
public final class WorkflowBench {
    private static final String NAME = "workflow";

    private WorkflowBench() {}

    /** Runs the benchmark; {@code bench.grids}, {@code bench.rounds}, {@code bench.parallelism}, {@code bench.engine-*} tune it. */
    public static void main(String[] args) throws Exception {
        int[] grids = Options.counts("bench.grids", 3, 5, 6);
        int rounds = Options.count("bench.rounds", 3);
        int parallelism = Options.count("bench.parallelism", Runtime.getRuntime().availableProcessors());
        int engineJobs = Options.nonNegative("bench.engine-jobs", 10_000);
        int engineParallelism = Options.count("bench.engine-parallelism", 8);
        String python = Options.python();
        Report report = new Report("Workflows: Montage and the engine at scale, against the same DAGs run directly",
                Machine.describe(python), ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        try (ScratchDir scratch = ScratchDir.createUnder(ServerConfig.outsideTmp(Path.of("/tmp")), "skiff-bench-workflow-")) {
            List<MontageRounds.GridResult> montage = MontageRounds.run(scratch.path(), grids, rounds, parallelism, python);
            report.paragraph(MONTAGE.formatted(Arrays.stream(grids).mapToObj(n -> n + "x" + n)
                    .collect(Collectors.joining(", ")), rounds, parallelism));
            report.table(MontageRounds.table(montage, parallelism));
            report.paragraph(BREAKDOWN.formatted(parallelism)).table(MontageRounds.breakdown(montage, parallelism));
            if (engineJobs > 0) {
                EngineScale.Result engine = EngineScale.run(scratch.path(), engineJobs, engineParallelism, python);
                report.paragraph(ENGINE.formatted(engineJobs, engineParallelism));
                EngineScale.tables(engine, engineParallelism).forEach(report::table);
            }
        }
        report.write(Options.results(), NAME);
        System.out.print(report.markdown());
    }

    private static final String MONTAGE = """
            **Goals: makespan through Skiff within 1.05x of direct, and under 5 ms of overhead per job.** \
            Each grid (%s) is made by examples/montage-workflow/make-workflow and run %d rounds at \
            parallelism %d in three ways, their order rotated each round: **direct**, a local process per \
            job started by a small DAG executor in the benchmark as soon as its parents finished; **Skiff**, \
            `POST /api/v1/workflows` on a server with the sandbox, every job a call of the example's \
            `command` function (deployed with as many warm instances as the parallelism); **no-sandbox**, \
            the same on a server started with `--insecure-no-sandbox`. Skiff's makespan is the server's \
            own, the workflow's `startTime` to `completionTime` (submission, parsing and upload are not \
            in it); direct's is the executor's first start to its last exit. Each Skiff run's mosaic is \
            checked byte for byte against the direct run's. Times are medians over the rounds; each ratio \
            is the median of the rounds' own (with their range), and *overhead ms/job* is the median of \
            (Skiff − direct) / jobs. *Sandbox's share* is (Skiff − no-sandbox) / (Skiff − direct) of \
            the medians; a negative share means the no-sandbox runs were the slower, i.e. the \
            sandbox's part is within the noise. One unrecorded run of each way comes first for each grid.""";

    private static final String BREAKDOWN = """
            Where the time goes. *slot ms/job* is makespan × %d / jobs, the time each job held one of \
            the parallelism's slots, idle slots included (the DAG's narrow parts leave slots idle in \
            every way). *call ms/job* is a job's own time: direct, its process from start to exit; \
            through Skiff, the engine's start to completion of the job (the call through the gateway \
            to the worker and back). *in the worker* is the worker's record's `Start Time` to \
            `End Time`, and *the tool* its `Command Time` to `OutputIO Time`: so call − worker is the \
            HTTP path and the engine's bookkeeping around one call, worker − tool is the worker's \
            checks, and slot − call (against direct's) is the time between one job and the next.""";

    private static final String ENGINE = """
            **Engine scale.** %d no-op jobs (`true`, through a `command` function that allows only it, kept \
            warm at the parallelism) in two shapes at parallelism %d, each beside the same DAG run by the \
            local executor: *wide* is one root, all the others below it, one sink below them all; *deep* \
            is as many chains as the parallelism, so each chain always has a slot and a job starts only \
            when the one before it has finished (a single chain of 10,000 would take that many round trips \
            one after another). *Skiff ms per level* is the makespan over the depth: the time from one job \
            of a chain to the next. RSS is the benchmark JVM's (the server is embedded in it) from \
            `/proc/self/status`, when each DAG was submitted and at its peak while it ran, polled every \
            100 ms (the JVM's heap grows and is not given back at once, so it says more about growth than \
            about need). **Resume**: the wide DAG again, the server stopped (closed) once a quarter of its jobs \
            had succeeded, and a new server started on the same data directory; the time from that start \
            until the server serves, and until one more job has succeeded.""";
}

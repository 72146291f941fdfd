package dev.skiff.bench;

import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The Montage part of the workflow benchmark: each grid run directly (a local process per job), through a
 * sandboxed server and through one without the sandbox, the three in an order rotated each round.
 */
final class MontageRounds {
    private static final String[] MODES = {"direct", "skiff", "no-sandbox"};

    private MontageRounds() {}

    /** One way of running a grid once; returns its timing. */
    private interface Runner {
        JobTiming run(String tag) throws IOException, InterruptedException;
    }

    /**
     * One grid's timings, by mode (direct, Skiff, no-sandbox) and round.
     *
     * @param grid the grid
     * @param timings {@code timings[mode][round]}
     */
    record GridResult(MontageGrid grid, JobTiming[][] timings) {
        /** The makespans of mode {@code mode} (0 direct, 1 Skiff, 2 no-sandbox), one per round. */
        long[] makespans(int mode) {
            return Arrays.stream(timings[mode]).mapToLong(JobTiming::makespan).toArray();
        }

        /** The median over the rounds of one measure of mode {@code mode}'s timings. */
        double median(int mode, ToDoubleFunction<JobTiming> measure) {
            return MontageRounds.median(Arrays.stream(timings[mode]).mapToLong(t -> Math.round(measure.applyAsDouble(t)))
                    .toArray());
        }
    }

    /** Runs every grid of {@code sizes} for {@code rounds} rounds at {@code parallelism} after an unrecorded warm-up run of each mode. */
    static List<GridResult> run(Path scratch, int[] sizes, int rounds, int parallelism, String python)
            throws IOException, InterruptedException {
        List<GridResult> results = new ArrayList<>();
        Path sandboxedData = scratch.resolve("data-sandboxed");
        Path openData = scratch.resolve("data-open");
        try (SkiffServer sandboxed = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, sandboxedData, python));
             SkiffServer open = SkiffServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, openData, python)
                     .withInsecureNoSandbox(true))) {
            SkiffMontage skiff = SkiffMontage.deploy(sandboxed, sandboxedData, parallelism);
            SkiffMontage unsandboxed = SkiffMontage.deploy(open, openData, parallelism);
            for (int size : sizes) {
                MontageGrid grid = MontageGrid.make(size, scratch.resolve("grid-" + size));
                String label = grid.label();
                Path warm = grid.copyTo(scratch.resolve("direct-" + label + "-warm"));
                DirectDag.run(grid.workflow(), warm, parallelism);
                Path reference = warm.resolve("mosaic.fits");
                Runner[] runners = {
                    tag -> DirectDag.run(grid.workflow(), grid.copyTo(scratch.resolve(tag)), parallelism),
                    tag -> skiff.run(grid, tag, parallelism, reference),
                    tag -> unsandboxed.run(grid, tag, parallelism, reference)};
                runners[1].run("skiff-" + label + "-warm");
                runners[2].run("open-" + label + "-warm");
                JobTiming[][] timings = new JobTiming[MODES.length][rounds];
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < MODES.length; k++) {
                        int mode = (k + round) % MODES.length;
                        System.err.printf("bench: workflow: %s round %d: %s%n", label, round + 1, MODES[mode]);
                        timings[mode][round] = runners[mode].run(MODES[mode] + "-" + label + "-" + round);
                    }
                }
                results.add(new GridResult(grid, timings));
            }
        }
        return results;
    }

    /** The results as a table: medians over the rounds, ratios and per-job overheads as medians of each round's own. */
    static Table table(List<GridResult> results, int parallelism) {
        Table table = new Table("montage", "Montage grids, parallelism " + parallelism + ": makespan through Skiff against "
                + "the same jobs run directly", "grid", "jobs", "direct ms", "Skiff ms", "Skiff/direct",
                "overhead ms/job", "no-sandbox ms", "no-sandbox/direct", "no-sandbox overhead ms/job",
                "sandbox's share of the overhead");
        for (GridResult result : results) {
            int jobs = result.grid().workflow().jobs().size();
            long[] direct = result.makespans(0);
            long[] skiff = result.makespans(1);
            long[] open = result.makespans(2);
            table.row(result.grid().label(), Integer.toString(jobs), Units.millis(median(direct)),
                    Units.millis(median(skiff)), ratio(skiff, direct),
                    Units.addedMillis(perJob(skiff, direct, jobs)), Units.millis(median(open)),
                    ratio(open, direct), Units.addedMillis(perJob(open, direct, jobs)),
                    share(median(skiff) - median(open), median(skiff) - median(direct)));
        }
        return table;
    }

    /** Where a job's time went, each way, as medians over the rounds of the runs' means per job. */
    static Table breakdown(List<GridResult> results, int parallelism) {
        Table table = new Table("montage-jobs", "Where a Montage job's time goes (means per job, medians over the rounds)",
                "grid and way", "slot ms/job", "call ms/job", "in the worker ms/job", "the tool ms/job");
        for (GridResult result : results) {
            int jobs = result.grid().workflow().jobs().size();
            for (int mode = 0; mode < MODES.length; mode++) {
                table.row(result.grid().label() + " " + MODES[mode],
                        Units.millis(result.median(mode, t -> (double) t.makespan() * parallelism / jobs)),
                        Units.millis(result.median(mode, JobTiming::call)),
                        mode == 0 ? "–" : Units.millis(result.median(mode, JobTiming::worker)),
                        mode == 0 ? "–" : Units.millis(result.median(mode, JobTiming::command)));
            }
        }
        return table;
    }

    /** The median of {@code values}: the middle one, or the mean of the middle two. */
    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static String ratio(long[] skiff, long[] direct) {
        long[] ratios = new long[skiff.length];
        for (int i = 0; i < skiff.length; i++) {
            ratios[i] = Math.round(1_000_000.0 * skiff[i] / direct[i]);
        }
        long[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", median(ratios) / 1e6, sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static double perJob(long[] skiff, long[] direct, int jobs) {
        long[] overheads = new long[skiff.length];
        for (int i = 0; i < skiff.length; i++) {
            overheads[i] = (skiff[i] - direct[i]) / jobs;
        }
        return median(overheads);
    }

    private static String share(double part, double whole) {
        return whole <= 0 ? "n/a (no overhead)" : String.format(Locale.ROOT, "%.0f %%", 100 * part / whole);
    }
}

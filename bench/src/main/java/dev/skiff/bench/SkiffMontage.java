package dev.skiff.bench;

import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import dev.skiff.server.SkiffServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Montage grids run through one Skiff server, on the example's command function kept warm at the workflow's parallelism. */
final class SkiffMontage {
    private static final String VOLUME = "montage-data";
    private static final Duration POLL = Duration.ofMillis(20);

    private final Path volumeDir;
    private final SkiffApi api;
    private final SkiffWorkflows workflows;
    private final String function;

    private SkiffMontage(Path volumeDir, SkiffApi api, String function) {
        this.volumeDir = volumeDir;
        this.api = api;
        this.workflows = new SkiffWorkflows(api);
        this.function = function;
    }

    /**
     * Creates the volume and deploys examples/montage-workflow/montage.yaml with {@code parallelism} instances at
     * least, on {@code server} whose data directory is {@code dataDir}.
     */
    static SkiffMontage deploy(SkiffServer server, Path dataDir, int parallelism) throws IOException, InterruptedException {
        SkiffApi api = new SkiffApi(server.port(), server.adminToken());
        if (!api.ready()) {
            throw new IllegalStateException("the server is not ready");
        }
        api.createResource("volumes", "{\"name\": \"" + VOLUME + "\"}");
        Function function = Documents.read(Files.readString(MontageGrid.exampleDir().resolve("montage.yaml")), Function.class);
        function = function.withSpec(function.spec().toBuilder().scale(ScaleSpec.bounds(parallelism, null)).build());
        api.create(function);
        return new SkiffMontage(dataDir.resolve("volumes").resolve(VOLUME), api, function.name());
    }

    /**
     * Uploads the grid to {@code /<tag>} on the volume (not timed), runs its workflow as {@code tag} and returns
     * its timing; fails when the mosaic differs from {@code reference}.
     */
    JobTiming run(MontageGrid grid, String tag, int parallelism, Path reference) throws IOException, InterruptedException {
        for (Path file : grid.files()) {
            api.upload(VOLUME, tag + "/" + file.getFileName(), Files.readAllBytes(file));
        }
        workflows.submit(tag, grid.text(), function, "/mnt/data/" + tag, parallelism);
        long makespan = workflows.await(tag, POLL, () -> { });
        Path mosaic = volumeDir.resolve(tag).resolve("mosaic.fits");
        if (Files.mismatch(mosaic, reference) != -1) {
            throw new IllegalStateException(tag + ": the mosaic differs from the direct run's");
        }
        return JobTiming.skiff(makespan, Documents.json().readTree(api.get("/api/v1/workflows/" + tag)));
    }
}

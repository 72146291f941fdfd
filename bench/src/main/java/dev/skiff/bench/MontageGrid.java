package dev.skiff.bench;

import dev.skiff.core.workflow.WorkflowDefinition;
import dev.skiff.core.workflow.Workflows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An NxN Montage data set and its workflow, made by examples/montage-workflow/make-workflow.
 *
 * @param n images per side
 * @param made the directory holding the raw images, the tables and {@code workflow.yml}
 * @param text the workflow file's text
 * @param workflow the workflow, parsed as the server parses it
 */
record MontageGrid(int n, Path made, String text, WorkflowDefinition workflow) {
    /** The example's directory in the repository this benchmark runs from. */
    static Path exampleDir() {
        for (Path start : List.of(Options.results().toAbsolutePath(), Path.of("").toAbsolutePath())) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("examples/montage-workflow"))) {
                    return dir.resolve("examples/montage-workflow");
                }
            }
        }
        throw new IllegalStateException("cannot find examples/montage-workflow above " + Path.of("").toAbsolutePath());
    }

    /** Runs make-workflow for an NxN grid into {@code dir}. */
    static MontageGrid make(int n, Path dir) throws IOException, InterruptedException {
        Process make = new ProcessBuilder("/usr/bin/python3", exampleDir().resolve("make-workflow").toString(),
                Integer.toString(n), dir.toString()).redirectErrorStream(true).start();
        String said = new String(make.getInputStream().readAllBytes());
        if (make.waitFor() != 0) {
            throw new IllegalStateException("make-workflow " + n + " failed: " + said);
        }
        String text = Files.readString(dir.resolve("workflow.yml"));
        return new MontageGrid(n, dir, text, Workflows.parse(text));
    }

    /** The files make-workflow wrote, which every run starts from. */
    List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(made)) {
            return files.sorted().toList();
        }
    }

    /** A fresh copy of the data set in {@code dir}, for one direct run. */
    Path copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path file : files()) {
            Files.copy(file, dir.resolve(file.getFileName()));
        }
        return dir;
    }

    /** The grid's label, e.g. {@code 3x3}. */
    String label() {
        return n + "x" + n;
    }
}

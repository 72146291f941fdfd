package dev.skiff.core.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The workflow files under src/test/resources/dev/skiff/core/workflow, and small workflows built in code. */
final class WorkflowFixtures {
    private WorkflowFixtures() {}

    /** The text of fixture {@code name}. */
    static String text(String name) {
        try (InputStream in = WorkflowFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job running {@code transformation} with no arguments or files. */
    static JobSpec job(String id, String transformation) {
        return new JobSpec(id, transformation, List.of(), List.of(), List.of());
    }

    /** A workflow of jobs {@code ids} (all running {@code t}) and these edges. */
    static WorkflowDefinition workflow(List<String> ids, Map<String, List<String>> edges) {
        return new WorkflowDefinition("test", ids.stream().map(id -> job(id, "t")).toList(), edges);
    }
}

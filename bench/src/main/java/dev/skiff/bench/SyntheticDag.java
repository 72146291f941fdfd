package dev.skiff.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;

/** Pegasus 5 workflows (JSON) of no-op jobs in the shapes the engine-scale part measures; every job runs {@code true}. */
final class SyntheticDag {
    /** The transformation every job runs: an executable that exits 0 at once. */
    static final String NO_OP = "true";

    private SyntheticDag() {}

    /** One root, {@code jobs - 2} jobs below it, one sink below them all. */
    static String wide(int jobs) {
        Builder dag = new Builder("wide");
        String root = dag.job(0);
        String sink = dag.job(jobs - 1);
        ArrayNode middle = dag.children(root);
        for (int i = 1; i < jobs - 1; i++) {
            String id = dag.job(i);
            middle.add(id);
            dag.children(id).add(sink);
        }
        return dag.text();
    }

    /** {@code chains} independent chains of {@code jobs / chains} jobs each: every job waits for the one before it. */
    static String deep(int jobs, int chains) {
        Builder dag = new Builder("deep");
        int length = jobs / chains;
        for (int c = 0; c < chains; c++) {
            String previous = null;
            for (int i = 0; i < length; i++) {
                String id = dag.job(c * length + i);
                if (previous != null) {
                    dag.children(previous).add(id);
                }
                previous = id;
            }
        }
        return dag.text();
    }

    private static final class Builder {
        private final ObjectNode root = Documents.json().createObjectNode();
        private final ArrayNode jobs;
        private final ArrayNode dependencies;

        Builder(String name) {
            root.put("pegasus", "5.0").put("name", name);
            jobs = root.putArray("jobs");
            dependencies = root.putArray("jobDependencies");
        }

        String job(int n) {
            String id = String.format("ID%07d", n + 1);
            ObjectNode job = jobs.addObject().put("type", "job").put("name", NO_OP).put("id", id);
            job.putArray("arguments");
            job.putArray("uses");
            return id;
        }

        ArrayNode children(String parent) {
            ObjectNode entry = dependencies.addObject().put("id", parent);
            return entry.putArray("children");
        }

        String text() {
            try {
                return Documents.json().writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

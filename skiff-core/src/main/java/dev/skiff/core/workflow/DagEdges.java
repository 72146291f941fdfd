package dev.skiff.core.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects dependencies as a parser finds them, explicit or inferred, each once, in the order first
 * given; a job never depends on itself through an inferred dependency (a file it both reads and writes).
 */
final class DagEdges {
    private final Map<String, Set<String>> children = new LinkedHashMap<>();

    /** Notes that {@code child} runs after {@code parent}. */
    void add(String parent, String child) {
        children.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(child);
    }

    /** Notes a dependency found through a file, unless parent and child are the same job. */
    void infer(String producer, String consumer) {
        if (!producer.equals(consumer)) {
            add(producer, consumer);
        }
    }

    /** Each parent's children, for {@link WorkflowDefinition}. */
    Map<String, List<String>> toMap() {
        Map<String, List<String>> map = new LinkedHashMap<>(children.size() * 2);
        children.forEach((parent, kids) -> map.put(parent, new ArrayList<>(kids)));
        return map;
    }
}

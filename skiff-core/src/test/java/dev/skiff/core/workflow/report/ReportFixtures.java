package dev.skiff.core.workflow.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs for the report tests: a Pegasus diamond (a, then b and c, then d) in various states. */
final class ReportFixtures {
    /** When the fixture runs start. */
    static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    private ReportFixtures() {}

    /** The diamond part-way: a succeeded on instance i-1, b ran on host h-2 (no instance), c failed, d waits. */
    static RunReport diamond() {
        return new RunReport("diamond", "Failed", T0, T0.plusSeconds(40), List.of(
                job("ID0000001", "preprocess", "succeeded", 1, 0, 10, "i-1",
                        record("ID", "ID0000001", "Hostname", "h-1", "Command Time", "9.5"),
                        List.of(), List.of("f.a"), List.of("f.b1", "f.b2")),
                job("ID0000002", "findrange", "succeeded", 1, 10, 30, null,
                        record("ID", "ID0000002", "Hostname", "h-2"), List.of("ID0000001"), List.of("f.b1"),
                        List.of("f.c1")),
                job("ID0000003", "findrange", "failed", 2, 12, 25, null, Map.of(), List.of("ID0000001"),
                        List.of("f.b2"), List.of("f.c2")),
                waiting("ID0000004", "analyze", List.of("ID0000002", "ID0000003"))));
    }

    /** The diamond while b runs: a succeeded, b running since second 10, c and d waiting. */
    static RunReport running() {
        return new RunReport("diamond", "Running", T0, null, List.of(
                job("ID0000001", "preprocess", "succeeded", 1, 0, 10, "i-1", Map.of(), List.of(), List.of("f.a"),
                        List.of("f.b1", "f.b2")),
                new ReportJob("ID0000002", "findrange", "runner", "running", 1, T0.plusSeconds(10), T0.plusSeconds(10),
                        null, null, "i-1", Map.of(), List.of(), List.of("f.b1"), List.of("f.c1"), List.of("ID0000001")),
                waiting("ID0000003", "findrange", List.of("ID0000001")),
                waiting("ID0000004", "analyze", List.of("ID0000002", "ID0000003"))));
    }

    /** A finished job of transformation {@code transformation} from second {@code from} to {@code to}. */
    static ReportJob job(String id, String transformation, String state, int attempts, int from, int to, String instance,
                         Map<String, String> record, List<String> parents, List<String> inputs, List<String> outputs) {
        return new ReportJob(id, transformation, "runner", state, attempts, T0.plusSeconds(from), T0.plusSeconds(from),
                T0.plusSeconds(to), "runner-00001", instance, record, List.of("-i", inputs.isEmpty() ? "x" : inputs.get(0)),
                inputs, outputs, parents);
    }

    /** A timing record of the fields and values given in turn, in that order. */
    static Map<String, String> record(String... fieldsAndValues) {
        Map<String, String> record = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            record.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return record;
    }

    /** A job that never started. */
    static ReportJob waiting(String id, String transformation, List<String> parents) {
        return new ReportJob(id, transformation, "runner", "waiting", 0, null, null, null, null, null, Map.of(),
                List.of(), List.of("f.c1"), List.of("f.d"), parents);
    }

    /** A one-job run whose id, transformation and record are {@code hostile}. */
    static RunReport hostile(String hostile) {
        return new RunReport(hostile, "Failed", T0, T0.plusSeconds(5), List.of(new ReportJob(hostile, hostile, hostile,
                "failed", 1, T0, T0, T0.plusSeconds(5), hostile, hostile, record(hostile, hostile, "Hostname", hostile),
                List.of(hostile), List.of(), List.of(), List.of())));
    }
}

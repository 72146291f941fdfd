package dev.skiff.core.workflow.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job of a workflow run as the reports see it: its spec, where and when it ran, and its timing record.
 *
 * @param id the job's ID
 * @param transformation the program it runs
 * @param function the function that runs it, null when none
 * @param state its state in lower case ({@code waiting}, {@code running}, {@code succeeded}, {@code failed}, ...)
 * @param attempts how many times it was started
 * @param queued when it became ready, null when it never did
 * @param start when its last attempt started, null when it never did
 * @param end when it ended, null while it runs or when it never started
 * @param revision the revision that answered, null when none did
 * @param instance the instance that ran it, null when unknown
 * @param record the function's timing record, field name to text (numbers as written), in the record's order
 * @param arguments the program's arguments
 * @param inputs the files it reads
 * @param outputs the files it writes
 * @param parents the jobs it waits for
 */
public record ReportJob(String id, String transformation, String function, String state, int attempts, Instant queued,
                        Instant start, Instant end, String revision, String instance, Map<String, String> record,
                        List<String> arguments, List<String> inputs, List<String> outputs, List<String> parents) {
    /** The lane of a job whose instance and record say nothing of where it ran. */
    public static final String UNKNOWN_LANE = "unknown";

    /** Copies the record and lists; id, transformation and state may not be null. */
    public ReportJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transformation, "transformation");
        Objects.requireNonNull(state, "state");
        record = Collections.unmodifiableMap(new LinkedHashMap<>(record));
        arguments = List.copyOf(arguments);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        parents = List.copyOf(parents);
    }

    /** Where it ran: its instance, else the record's {@code Hostname}, else {@link #UNKNOWN_LANE}. */
    public String lane() {
        if (instance != null && !instance.isBlank()) {
            return instance;
        }
        String host = record.get("Hostname");
        return host != null && !host.isBlank() ? host : UNKNOWN_LANE;
    }

    /** Whether it ran in the run as it stands: it has a start and is not waiting or ready again (after a workflow retry). */
    public boolean started() {
        return start != null && !state.equals("waiting") && !state.equals("ready");
    }

    /** Whether it failed (its last attempt, or for good). */
    public boolean failed() {
        return state.equals("failed");
    }

    /** Its run time: start to end, or start to {@code now} while it runs; null when it never started. */
    public Duration duration(Instant now) {
        if (start == null) {
            return null;
        }
        Instant to = end != null ? end : now;
        return to.isBefore(start) ? Duration.ZERO : Duration.between(start, to);
    }

    /** Its time queued: queued to start, null unless it has both. */
    public Duration queueTime() {
        return queued == null || start == null || start.isBefore(queued) ? null : Duration.between(queued, start);
    }
}

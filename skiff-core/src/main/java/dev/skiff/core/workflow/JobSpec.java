package dev.skiff.core.workflow;

import java.util.List;
import java.util.Objects;

/**
 * One job of a workflow: an invocation of a transformation (a program, such as {@code mProject})
 * with its arguments, the files it reads and the files it writes, as paths relative to the run's
 * directory.
 *
 * @param id the job's ID, unique in its workflow (e.g. {@code ID0000001})
 * @param transformation the program the job runs, which also picks the function that runs it
 * @param arguments the program's arguments, in order
 * @param inputs the files that must exist before the job runs
 * @param outputs the files the job must leave behind
 */
public record JobSpec(String id, String transformation, List<String> arguments, List<String> inputs, List<String> outputs) {
    /** Copies the lists, so the job cannot change after it is made; none of its parts may be null. */
    public JobSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transformation, "transformation");
        arguments = List.copyOf(arguments);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}

package dev.skiff.core.workflow;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionValidation;
import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which function runs each transformation of a workflow: the one {@code --map TRANSFORMATION=FUNCTION}
 * names for it, else the default {@code --function FUNCTION}. Checked whole before any job runs
 * ({@link #check}), so a run never stops halfway on a transformation nothing runs.
 */
public final class FunctionMap {
    private final String defaultFunction;
    private final Map<String, String> mappings;

    private FunctionMap(String defaultFunction, Map<String, String> mappings) {
        this.defaultFunction = defaultFunction;
        this.mappings = Collections.unmodifiableMap(mappings);
    }

    /**
     * The map from {@code --function} ({@code defaultFunction}, null when not given) and the
     * {@code --map} entries, each {@code TRANSFORMATION=FUNCTION}.
     *
     * @throws ValidationException naming each entry that is not of that form, maps a transformation
     *     twice to different functions, or names a function that cannot exist
     */
    public static FunctionMap of(String defaultFunction, List<String> entries) {
        List<FieldError> errors = new ArrayList<>();
        if (defaultFunction != null) {
            FunctionValidation.validateName(defaultFunction, "--function", errors);
        }
        Map<String, String> mappings = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            String transformation = equals < 0 ? "" : entry.substring(0, equals).strip();
            String function = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (transformation.isEmpty() || function.isEmpty()) {
                errors.add(new FieldError("--map", Quote.value(entry) + " is not TRANSFORMATION=FUNCTION (e.g. mProject=montage-project)"));
                continue;
            }
            FunctionValidation.validateName(function, "--map " + Quote.key(transformation), errors);
            String earlier = mappings.putIfAbsent(transformation, function);
            if (earlier != null && !earlier.equals(function)) {
                errors.add(new FieldError("--map", Quote.value(transformation) + " is mapped to both " + Quote.value(earlier)
                        + " and " + Quote.value(function)));
            }
        }
        WorkflowErrors.throwIfAny(errors);
        return new FunctionMap(defaultFunction, mappings);
    }

    /** The function that runs {@code transformation}, empty when neither a mapping nor a default names one. */
    public Optional<String> functionFor(String transformation) {
        return Optional.ofNullable(mappings.getOrDefault(transformation, defaultFunction));
    }

    /**
     * Checks that every transformation {@code workflow} runs has a function.
     *
     * @throws ValidationException naming every transformation without one, in the order the jobs first use them
     */
    public void check(WorkflowDefinition workflow) {
        if (defaultFunction != null) {
            return;
        }
        Set<String> unmapped = new LinkedHashSet<>();
        for (JobSpec job : workflow.jobs()) {
            if (!mappings.containsKey(job.transformation())) {
                unmapped.add(job.transformation());
            }
        }
        if (!unmapped.isEmpty()) {
            List<String> shown = unmapped.stream().map(Quote::value).toList();
            throw ValidationException.of("--map", "no function runs the transformation" + (shown.size() == 1 ? " " : "s ")
                    + String.join(", ", shown) + "; give --function FUNCTION for all, or --map TRANSFORMATION=FUNCTION for each");
        }
    }

    /** The default function, empty when {@code --function} was not given. */
    public Optional<String> defaultFunction() {
        return Optional.ofNullable(defaultFunction);
    }

    /** Each mapped transformation and its function, in the order given. */
    public Map<String, String> mappings() {
        return mappings;
    }
}

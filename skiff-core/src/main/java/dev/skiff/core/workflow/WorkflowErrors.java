package dev.skiff.core.workflow;

import dev.skiff.api.FieldError;
import dev.skiff.api.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the problems found in a workflow into one {@link ValidationException}, keeping its message
 * readable: a file with thousands of bad jobs shows the first {@link #MOST_SHOWN} and a count of the rest.
 */
final class WorkflowErrors {
    /** The most problems one message lists. */
    static final int MOST_SHOWN = 20;

    private WorkflowErrors() {}

    /** Throws the errors found, the first {@link #MOST_SHOWN} of them, if there are any. */
    static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw of(errors);
        }
    }

    /** The exception for {@code errors}, of which there is at least one: the first {@link #MOST_SHOWN}, then a count. */
    static ValidationException of(List<FieldError> errors) {
        if (errors.size() <= MOST_SHOWN) {
            return new ValidationException(errors);
        }
        List<FieldError> shown = new ArrayList<>(errors.subList(0, MOST_SHOWN));
        shown.add(new FieldError("…", (errors.size() - MOST_SHOWN) + " more problems not shown"));
        return new ValidationException(shown);
    }
}

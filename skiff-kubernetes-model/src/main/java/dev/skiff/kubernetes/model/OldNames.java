package dev.skiff.kubernetes.model;

import dev.skiff.api.Destination;
import dev.skiff.api.FieldError;
import java.util.List;

/** How a deprecated function name is read as the {@link Destination} that replaced it. */
final class OldNames {

    private OldNames() {}

    /** {@code current}, or a destination to the function {@code old} names when {@code current} names none. */
    static Destination destination(Destination current, String old) {
        return old != null && function(current) == null ? new Destination(old) : current;
    }

    /** Adds an error under {@code field}{@code .function} when {@code current} and {@code old} name different functions. */
    static void check(Destination current, String field, String old, String oldField, List<FieldError> errors) {
        String function = function(current);
        if (old != null && function != null && !old.equals(function)) {
            errors.add(new FieldError(field + ".function", "'" + function + "' disagrees with the deprecated " + oldField
                    + " '" + old + "': set only " + field + ".function"));
        }
    }

    private static String function(Destination destination) {
        return destination == null ? null : destination.function();
    }
}

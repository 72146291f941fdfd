package dev.skiff.api;

import java.util.List;
import java.util.stream.Collectors;

/** A resource that cannot be accepted, with every reason found. */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    /** An exception carrying these errors; there must be at least one. */
    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    /** An exception for one field. */
    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    /** The errors, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }
}

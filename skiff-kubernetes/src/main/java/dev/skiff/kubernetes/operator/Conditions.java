package dev.skiff.kubernetes.operator;

import dev.skiff.api.Condition;
import dev.skiff.api.FieldError;
import dev.skiff.kubernetes.model.ResourceStatus;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The conditions the reconcilers report (Ready, and FieldsIgnored), stamped with the operator's clock. */
final class Conditions {
    private final Clock clock;

    Conditions(Clock clock) {
        this.clock = clock;
    }

    Condition ready() {
        return Condition.ready(now());
    }

    Condition notReady(String reason, String message) {
        return Condition.notReady(reason, message, now());
    }

    /** Ready=Unknown: the work is under way. */
    Condition unknown(String reason, String message) {
        return new Condition(Condition.READY, "Unknown", reason, message, now());
    }

    /** Ready=False, reason InvalidSpec, every field at fault in one message. */
    Condition invalid(List<FieldError> errors) {
        return notReady("InvalidSpec", describe(errors));
    }

    /** FieldsIgnored=True: the fields the cluster does not honour, each with why, in one message. */
    Condition fieldsIgnored(List<FieldError> fields) {
        return new Condition(ResourceStatus.FIELDS_IGNORED, "True", ResourceStatus.NOT_SUPPORTED, describe(fields), now());
    }

    /** {@code now}, or {@code before} when it says the same thing, so its transition time stays. */
    static Condition carry(Condition before, Condition now) {
        boolean same = before != null && now != null && before.status().equals(now.status())
                && Objects.equals(before.reason(), now.reason()) && Objects.equals(before.message(), now.message());
        return same ? before : now;
    }

    private static String describe(List<FieldError> fields) {
        return fields.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    private String now() {
        return clock.instant().toString();
    }
}

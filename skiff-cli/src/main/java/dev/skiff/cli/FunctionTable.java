package dev.skiff.cli;

import dev.skiff.api.Condition;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import java.time.Instant;
import java.util.List;

/** {@code skiff list}'s table: NAME, RUNTIME, REVISION, READY, URL, AGE. */
public final class FunctionTable {
    /** The columns, in order. */
    public static final List<String> HEADERS = List.of("NAME", "RUNTIME", "REVISION", "READY", "URL", "AGE");

    private FunctionTable() {}

    /** The table of these functions, their ages measured at {@code now}. */
    public static String render(List<Function> functions, Instant now) {
        Table table = new Table(HEADERS);
        for (Function function : functions) {
            FunctionSpec spec = function.spec();
            FunctionStatus status = function.status();
            table.row(
                    function.name(),
                    spec == null ? null : spec.runtime(),
                    revision(status),
                    ready(status),
                    status == null ? null : status.url(),
                    Age.since(function.metadata() == null ? null : function.metadata().creationTimestamp(), now));
        }
        return table.render();
    }

    /** The revision serving traffic, else the newest one made. */
    static String revision(FunctionStatus status) {
        if (status == null) {
            return null;
        }
        return status.latestReadyRevision() != null ? status.latestReadyRevision() : status.latestCreatedRevision();
    }

    /** The Ready condition's status ({@code True}, {@code False}, {@code Unknown}), or null when there is none. */
    static String ready(FunctionStatus status) {
        return readyCondition(status) == null ? null : readyCondition(status).status();
    }

    /** The Ready condition, or null. */
    static Condition readyCondition(FunctionStatus status) {
        if (status == null || status.conditions() == null) {
            return null;
        }
        return status.conditions().stream().filter(c -> Condition.READY.equals(c.type())).findFirst().orElse(null);
    }
}

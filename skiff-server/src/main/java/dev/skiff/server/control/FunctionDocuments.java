package dev.skiff.server.control;

import dev.skiff.api.Function;
import dev.skiff.api.Namespaces;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Revision;
import dev.skiff.api.TrafficTarget;
import java.util.ArrayList;
import java.util.List;

/** Pure changes to stored function documents. */
final class FunctionDocuments {
    private FunctionDocuments() {}

    /** The function with its traffic table, which documents stored before traffic splitting lack: all to the latest. */
    static Function withTrafficDefault(Function function) {
        return function.spec().traffic() != null ? function
                : function.withSpec(function.spec().withTraffic(List.of(TrafficTarget.latest(100))));
    }

    /** The function with a new spec and the next generation. */
    static Function bumped(Function function, FunctionSpec spec) {
        ObjectMeta meta = function.metadata();
        return function.withSpec(spec).withStatus(null)
                .withMetadata(meta.withServerFields(meta.generation() + 1, meta.creationTimestamp()));
    }

    /**
     * The document a deploy stores: {@code function}'s spec with its traffic table (its own, else the
     * one in force, else all to the latest); a new function starts at generation 1, created
     * {@code now}, an existing one keeps its creation time and takes the next generation.
     */
    static Function deployed(Function function, Function previous, String now) {
        List<TrafficTarget> traffic = function.spec().traffic() != null ? function.spec().traffic()
                : previous != null ? previous.spec().traffic() : List.of(TrafficTarget.latest(100));
        if (previous == null) {
            return function.withMetadata(function.metadata().withServerFields(1, now))
                    .withSpec(function.spec().withTraffic(traffic)).withStatus(null);
        }
        ObjectMeta kept = function.metadata().withServerFields(previous.metadata().generation(),
                previous.metadata().creationTimestamp());
        return bumped(previous.withMetadata(kept), function.spec().withTraffic(traffic));
    }

    /** The traffic table of a rollback to {@code previous}: all of it there, by name; the function's tags stay. */
    static List<TrafficTarget> rollbackTable(Function function, Revision previous) {
        List<TrafficTarget> table = new ArrayList<>();
        table.add(TrafficTarget.revision(Namespaces.nameOf(previous.name()), 100));
        for (TrafficTarget target : function.spec().traffic()) {
            if (target.tag() != null) {
                table.add(new TrafficTarget(target.revisionName(), target.latestRevision(), null, target.tag(), null));
            }
        }
        return table;
    }
}

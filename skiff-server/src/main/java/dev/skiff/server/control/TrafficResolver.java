package dev.skiff.server.control;

import dev.skiff.api.FieldError;
import dev.skiff.api.Namespaces;
import dev.skiff.api.Function;
import dev.skiff.api.Revision;
import dev.skiff.api.TrafficTarget;
import dev.skiff.api.ValidationException;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a function's traffic table into a {@link Route}: each entry's revision (the latest, or one
 * named), served by the revision already running in the function's route when there is one, else by
 * a new {@link ServedRevision} with no instance yet. A name that is no revision of the function is a
 * validation error.
 */
final class TrafficResolver {
    private final Store store;
    private final RouteTable routes;
    private final RevisionBuilder revisions;

    TrafficResolver(Store store, RouteTable routes, RevisionBuilder revisions) {
        this.store = store;
        this.routes = routes;
        this.revisions = revisions;
    }

    /** The route of the function's traffic table, whose latest revision is the newest stored. */
    Route resolve(Function function) {
        return resolve(function, Map.of(), null);
    }

    /**
     * The route of the function's traffic table when {@code pending}, not yet stored, is its latest
     * revision; {@code fresh} holds revisions served already that the current route does not have.
     */
    Route resolve(Function function, Map<String, ServedRevision> fresh, Revision pending) {
        String name = function.key();
        Route current = routes.route(name);
        Revision latest = pending != null ? pending
                : store.latestRevision(name).flatMap(store::revision).orElseThrow(() -> new SkiffException(
                        ErrorCode.INTERNAL, name + " has no revision"));
        Map<String, ServedRevision> served = new HashMap<>(fresh);
        List<FieldError> errors = new ArrayList<>();
        Route.Builder builder = Route.builder(name);
        List<TrafficTarget> traffic = function.spec().traffic();
        for (int i = 0; i < traffic.size(); i++) {
            TrafficTarget target = traffic.get(i);
            // A table names revisions as the user sees them (hello-00001); the store keys them in the function's namespace.
            String revisionName = target.followsLatest() ? latest.name() : Namespaces.sibling(name, target.revisionName());
            ServedRevision revision = served.get(revisionName);
            if (revision == null && current != null) {
                revision = current.revision(revisionName);
            }
            if (revision == null) {
                Revision stored = revisionName.equals(latest.name()) ? latest : store.revision(revisionName).orElse(null);
                if (stored == null || !stored.function().equals(name)) {
                    errors.add(new FieldError("traffic[" + i + "].revisionName", function.name() + " has no revision '"
                            + target.revisionName() + "'"));
                    continue;
                }
                revision = revisions.serve(stored, function.spec().scale());
            }
            served.put(revisionName, revision);
            builder.split(revision, target.share());
            if (target.tag() != null) {
                builder.tag(target.tag(), revision);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return builder.build();
    }
}

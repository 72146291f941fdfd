package dev.skiff.server.dataplane;

import dev.skiff.server.serving.ServedRevision;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each function's route: the one map the request path reads. */
public final class RouteTable {
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    /** The route of {@code function}, or null when there is no such function. */
    public Route route(String function) {
        return routes.get(function);
    }

    /** Installs the function's new route; returns the one it replaced, or null. */
    public Route set(String function, Route next) {
        return routes.put(function, next);
    }

    /** Removes the function; returns its route, or null. */
    public Route remove(String function) {
        return routes.remove(function);
    }

    /** Every revision some route can send requests to. */
    public List<ServedRevision> all() {
        return routes.values().stream().map(Route::revisions).flatMap(Collection::stream).toList();
    }
}

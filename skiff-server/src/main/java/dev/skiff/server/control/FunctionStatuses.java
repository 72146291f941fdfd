package dev.skiff.server.control;

import dev.skiff.api.Condition;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.Namespaces;
import dev.skiff.api.TrafficTarget;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A function's status as the API shows it: its URL, its latest revision, whether it is Ready (a
 * revision taking traffic whose last start failed makes it not), and its traffic table with each
 * entry's revision and tag URL filled in.
 */
final class FunctionStatuses {
    private final Store store;
    private final RouteTable routes;
    private final String baseUrl;
    private final Clock clock;

    FunctionStatuses(Store store, RouteTable routes, String baseUrl, Clock clock) {
        this.store = store;
        this.routes = routes;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** The function with its status now. */
    Function withStatus(Function function) {
        String name = function.key();
        Route route = routes.route(name);
        // Revisions are shown by their names in the function's namespace (hello-00001), not their keys.
        String latest = store.latestRevision(name).map(Namespaces::nameOf).orElse(null);
        String url = baseUrl + "/function/" + name;
        String now = clock.instant().toString();
        Condition ready;
        List<TrafficTarget> traffic = null;
        if (route == null) {
            ready = Condition.notReady("NotServing", "no revision serves it", now);
        } else {
            String error = route.revisions().stream().filter(s -> route.share(s) > 0).map(ServedRevision::lastStartError)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            ready = error == null ? Condition.ready(now) : Condition.notReady("InstanceFailed", error, now);
            traffic = function.spec().traffic().stream()
                    .map(t -> t.resolved(t.followsLatest() ? latest : t.revisionName(), t.tag() == null ? null : url + "@" + t.tag()))
                    .toList();
        }
        return function.withStatus(new FunctionStatus(List.of(ready), url, latest, latest,
                function.metadata().generation(), traffic));
    }
}

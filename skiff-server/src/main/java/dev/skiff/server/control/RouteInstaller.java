package dev.skiff.server.control;

import dev.skiff.server.dataplane.Route;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.QuotaExceededException;
import dev.skiff.server.serving.ServedRevision;
import dev.skiff.server.serving.StartException;
import java.time.Duration;

/**
 * Moves a function's traffic: starts an instance of each revision a new route sends traffic to
 * that has none ({@link #startServing}), swaps the route into the route table ({@link #install}),
 * and drains and stops, in the background, the revisions the old route served and the new one does not.
 */
final class RouteInstaller {
    /** How long a revision that lost its traffic may finish its requests before it is stopped. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private final RouteTable routes;

    RouteInstaller(RouteTable routes) {
        this.routes = routes;
    }

    /**
     * Starts one instance of every revision in the route that takes a share and has none; blocking.
     * 429 when the namespace's quotas leave no room for one.
     */
    void startServing(Route route) {
        for (ServedRevision revision : route.revisions()) {
            if (route.share(revision) > 0 && revision.instances().isEmpty()) {
                try {
                    revision.startFirst();
                } catch (StartException e) {
                    throw new SkiffException(ErrorCode.DEPLOY_FAILED, revision.revision().name()
                            + " could not start, so the traffic was not moved: " + e.getMessage());
                } catch (QuotaExceededException e) {
                    throw new SkiffException(ErrorCode.QUOTA_EXCEEDED, revision.revision().name()
                            + " may not start, so the traffic was not moved: " + e.getMessage());
                }
            }
        }
    }

    /** Installs the route; revisions the old route served and the new one does not drain and stop. */
    void install(String function, Route route) {
        Route replaced = routes.set(function, route);
        if (replaced == null) {
            return;
        }
        for (ServedRevision old : replaced.revisions()) {
            if (!route.revisions().contains(old)) {
                drainInBackground(old);
            }
        }
    }

    /** Lets the revision finish its requests, then stops it, on a thread of its own. */
    static void drainInBackground(ServedRevision revision) {
        Thread.ofPlatform().daemon().name("skiff-drain-" + revision.revision().name())
                .start(() -> revision.drainAndStop(DRAIN_TIMEOUT));
    }

    /** The route for a log line: {@code hello-00002=70%, hello-00001=30%, @canary=hello-00002}. */
    static String describe(Route route) {
        StringBuilder text = new StringBuilder();
        for (ServedRevision revision : route.revisions()) {
            int share = route.share(revision);
            if (share > 0) {
                text.append(text.isEmpty() ? "" : ", ").append(revision.revision().name()).append('=').append(share).append('%');
            }
        }
        route.tags().forEach((tag, revision) -> text.append(", @").append(tag).append('=').append(revision.revision().name()));
        return text.toString();
    }
}

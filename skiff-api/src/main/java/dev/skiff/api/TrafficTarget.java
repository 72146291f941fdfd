package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a function's traffic table, as in a Knative Service: a share of the requests, a tag
 * naming a route of its own, or both, for either a named revision or whatever revision is newest.
 *
 * @param revisionName the revision, e.g. {@code hello-00002}; null when {@code latestRevision} is true
 * @param latestRevision true to follow the newest ready revision as deploys make new ones
 * @param percent the share of the function's requests, 0 to 100; the entries' shares sum to 100
 * @param tag a name for a route to this revision alone ({@code /function/hello@canary}), taking no share
 *     unless {@code percent} says so
 * @param url in a status, the tagged route's address; never set in a spec
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrafficTarget(String revisionName, Boolean latestRevision, Integer percent, String tag, String url) {

    /** {@code percent} of the traffic to the newest revision. */
    public static TrafficTarget latest(int percent) {
        return new TrafficTarget(null, true, percent, null, null);
    }

    /** {@code percent} of the traffic to {@code revision}. */
    public static TrafficTarget revision(String revision, int percent) {
        return new TrafficTarget(revision, null, percent, null, null);
    }

    /** A tag routing to {@code revision} alone, with no share of the function's traffic. */
    public static TrafficTarget tag(String tag, String revision) {
        return new TrafficTarget(revision, null, null, tag, null);
    }

    /** True when this entry follows the newest revision. */
    public boolean followsLatest() {
        return Boolean.TRUE.equals(latestRevision);
    }

    /** The share, 0 when unset. */
    public int share() {
        return percent == null ? 0 : percent;
    }

    /** This entry pinned to {@code revision} (as a status reports it), with {@code newUrl}. */
    public TrafficTarget resolved(String revision, String newUrl) {
        return new TrafficTarget(revision, latestRevision, percent, tag, newUrl);
    }
}

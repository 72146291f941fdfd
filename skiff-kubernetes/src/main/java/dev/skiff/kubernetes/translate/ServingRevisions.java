package dev.skiff.kubernetes.translate;

import dev.skiff.api.TrafficTarget;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which revisions a function's traffic table sends requests to: each revision's share (percent)
 * and tags, the newest revision standing for {@code latestRevision} targets and for a table with
 * no entries.
 *
 * @param shares each revision that takes a share, and its percent, in the table's order
 * @param tags each tagged revision and its tags
 */
record ServingRevisions(Map<String, Integer> shares, Map<String, Set<String>> tags) {
    /** The revisions {@code traffic} serves, {@code newest} being the function's newest revision. */
    static ServingRevisions of(List<TrafficTarget> traffic, String newest) {
        Map<String, Integer> shares = new LinkedHashMap<>();
        Map<String, Set<String>> tags = new LinkedHashMap<>();
        if (traffic == null || traffic.isEmpty()) {
            shares.put(newest, 100);
            return new ServingRevisions(shares, tags);
        }
        for (TrafficTarget target : traffic) {
            String revision = Boolean.TRUE.equals(target.latestRevision()) || target.revisionName() == null
                    ? newest : target.revisionName();
            int percent = target.percent() == null ? 0 : target.percent();
            if (percent > 0) {
                shares.merge(revision, percent, Integer::sum);
            }
            if (target.tag() != null) {
                tags.computeIfAbsent(revision, r -> new LinkedHashSet<>()).add(target.tag());
            }
        }
        return new ServingRevisions(shares, tags);
    }

    /** Every revision with a share or a tag. */
    Set<String> all() {
        Set<String> all = new LinkedHashSet<>(shares.keySet());
        all.addAll(tags.keySet());
        return all;
    }

    /** What is routed to {@code revision}, in words: {@code 70%}, {@code 0% (tag old)}. */
    String describe(String revision) {
        String share = shares.getOrDefault(revision, 0) + "%";
        Set<String> named = tags.get(revision);
        return named == null ? share : share + " (tag " + String.join(", ", named) + ")";
    }

    /**
     * Pods per revision that split connections across the function's Service as the shares do: the
     * shares over their greatest common divisor (70/30: 7 and 3), scaled to at most
     * {@code most} in all when that is more, each revision keeping at least one.
     */
    Map<String, Integer> replicaRatio(int most) {
        int divisor = 0;
        for (int share : shares.values()) {
            divisor = gcd(divisor, share);
        }
        int total = 0;
        for (int share : shares.values()) {
            total += share / divisor;
        }
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> share : shares.entrySet()) {
            int reduced = share.getValue() / divisor;
            replicas.put(share.getKey(), total <= most ? reduced
                    : Math.max(1, Math.round((float) share.getValue() * most / 100)));
        }
        return replicas;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}

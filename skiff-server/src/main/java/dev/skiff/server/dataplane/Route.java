package dev.skiff.server.dataplane;

import dev.skiff.server.serving.ServedRevision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where one function's requests go: the revisions sharing its traffic, by percentage, and the
 * tagged routes that reach one revision alone. Immutable; a traffic change swaps in a new route.
 * A request draws its revision at random with the revisions' weights, as Knative's router does, so
 * a 70/30 split holds without coordination between event loops.
 */
public final class Route {
    private final String function;
    private final ServedRevision[] weighted;
    private final int[] cumulative;
    private final Map<String, ServedRevision> tags;
    private final Map<ServedRevision, Integer> shares;
    private final boolean requiresToken;

    private Route(String function, ServedRevision[] weighted, int[] cumulative, Map<String, ServedRevision> tags,
                  Map<ServedRevision, Integer> shares) {
        this.function = function;
        this.weighted = weighted;
        this.cumulative = cumulative;
        this.tags = tags;
        this.shares = shares;
        this.requiresToken = revisions().stream().anyMatch(ServedRevision::requiresToken);
    }

    /**
     * True when callers must present a token: when any revision it routes to, by split or tag, says
     * {@code auth: token}. A function that turns auth on asks for tokens at once, old revisions too.
     */
    public boolean requiresToken() {
        return requiresToken;
    }

    /** A builder for {@code function}'s route. */
    public static Builder builder(String function) {
        return new Builder(function);
    }

    /** The revision for the next request: drawn by the split's weights. */
    public ServedRevision pick() {
        if (weighted.length == 1) {
            return weighted[0];
        }
        int draw = ThreadLocalRandom.current().nextInt(100);
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return weighted[i];
            }
        }
        return weighted[weighted.length - 1];
    }

    /** The revision a tag routes to, or null when there is no such tag. */
    public ServedRevision tagged(String tag) {
        return tags.get(tag);
    }

    /** The tags and the revisions they route to. */
    public Map<String, ServedRevision> tags() {
        return tags;
    }

    /** The share of the traffic {@code revision} takes, 0 when it takes none. */
    public int share(ServedRevision revision) {
        return shares.getOrDefault(revision, 0);
    }

    /** Every revision this route can send a request to, split or tagged, each once. */
    public Collection<ServedRevision> revisions() {
        Set<ServedRevision> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(List.of(weighted));
        all.addAll(tags.values());
        return all;
    }

    /** The largest request body any revision of this route takes (for a call whose revision is drawn later). */
    public long maxRequestBytes() {
        return revisions().stream().mapToLong(ServedRevision::maxRequestBytes).max().orElse(0);
    }

    /** The served revision named {@code revision} in this route, or null. */
    public ServedRevision revision(String revision) {
        return revisions().stream().filter(s -> s.revision().name().equals(revision)).findFirst().orElse(null);
    }

    /** Builds a route; shares must sum to 100. */
    public static final class Builder {
        private final String function;
        private final Map<ServedRevision, Integer> shares = new LinkedHashMap<>();
        private final Map<String, ServedRevision> tags = new LinkedHashMap<>();

        private Builder(String function) {
            this.function = function;
        }

        /** Gives {@code revision} {@code percent} more of the traffic (entries for one revision add up). */
        public Builder split(ServedRevision revision, int percent) {
            if (percent > 0) {
                shares.merge(revision, percent, Integer::sum);
            }
            return this;
        }

        /** Routes {@code tag} to {@code revision} alone. */
        public Builder tag(String tag, ServedRevision revision) {
            tags.put(tag, revision);
            return this;
        }

        /** The route. */
        public Route build() {
            int total = shares.values().stream().mapToInt(Integer::intValue).sum();
            if (total != 100) {
                throw new IllegalStateException(function + "'s traffic sums to " + total + "%, not 100%");
            }
            List<ServedRevision> order = new ArrayList<>(shares.keySet());
            int[] cumulative = new int[order.size()];
            int sum = 0;
            for (int i = 0; i < order.size(); i++) {
                sum += shares.get(order.get(i));
                cumulative[i] = sum;
            }
            Map<ServedRevision, Integer> byServer = new IdentityHashMap<>(shares);
            return new Route(function, order.toArray(ServedRevision[]::new), cumulative, Map.copyOf(tags), byServer);
        }
    }
}

package dev.skiff.server.serving;

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
    private final RevisionServer[] servers;
    private final int[] cumulative;
    private final Map<String, RevisionServer> tags;
    private final Map<RevisionServer, Integer> shares;

    private Route(String function, RevisionServer[] servers, int[] cumulative, Map<String, RevisionServer> tags,
                  Map<RevisionServer, Integer> shares) {
        this.function = function;
        this.servers = servers;
        this.cumulative = cumulative;
        this.tags = tags;
        this.shares = shares;
    }

    /** A builder for {@code function}'s route. */
    public static Builder builder(String function) {
        return new Builder(function);
    }

    /** The revision for the next request: drawn by the split's weights. */
    public RevisionServer pick() {
        if (servers.length == 1) {
            return servers[0];
        }
        int draw = ThreadLocalRandom.current().nextInt(100);
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return servers[i];
            }
        }
        return servers[servers.length - 1];
    }

    /** The revision a tag routes to, or null when there is no such tag. */
    public RevisionServer tagged(String tag) {
        return tags.get(tag);
    }

    /** The tags and the revisions they route to. */
    public Map<String, RevisionServer> tags() {
        return tags;
    }

    /** The share of the traffic {@code server} takes, 0 when it takes none. */
    public int share(RevisionServer server) {
        return shares.getOrDefault(server, 0);
    }

    /** Every revision this route can send a request to, split or tagged, each once. */
    public Collection<RevisionServer> servers() {
        Set<RevisionServer> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(List.of(servers));
        all.addAll(tags.values());
        return all;
    }

    /** The revision server for {@code revision} in this route, or null. */
    public RevisionServer server(String revision) {
        return servers().stream().filter(s -> s.revision().name().equals(revision)).findFirst().orElse(null);
    }

    /** Builds a route; shares must sum to 100. */
    public static final class Builder {
        private final String function;
        private final Map<RevisionServer, Integer> shares = new LinkedHashMap<>();
        private final Map<String, RevisionServer> tags = new LinkedHashMap<>();

        private Builder(String function) {
            this.function = function;
        }

        /** Gives {@code server} {@code percent} more of the traffic (entries for one revision add up). */
        public Builder split(RevisionServer server, int percent) {
            if (percent > 0) {
                shares.merge(server, percent, Integer::sum);
            }
            return this;
        }

        /** Routes {@code tag} to {@code server} alone. */
        public Builder tag(String tag, RevisionServer server) {
            tags.put(tag, server);
            return this;
        }

        /** The route. */
        public Route build() {
            int total = shares.values().stream().mapToInt(Integer::intValue).sum();
            if (total != 100) {
                throw new IllegalStateException(function + "'s traffic sums to " + total + "%, not 100%");
            }
            List<RevisionServer> order = new ArrayList<>(shares.keySet());
            int[] cumulative = new int[order.size()];
            int sum = 0;
            for (int i = 0; i < order.size(); i++) {
                sum += shares.get(order.get(i));
                cumulative[i] = sum;
            }
            Map<RevisionServer, Integer> byServer = new IdentityHashMap<>(shares);
            return new Route(function, order.toArray(RevisionServer[]::new), cumulative, Map.copyOf(tags), byServer);
        }
    }
}

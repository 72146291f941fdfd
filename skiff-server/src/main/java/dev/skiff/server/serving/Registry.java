package dev.skiff.server.serving;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which revision serves each function's traffic: the one map the request path reads. */
public final class Registry {
    private final Map<String, RevisionServer> serving = new ConcurrentHashMap<>();

    /** The revision serving {@code function}, or null when there is no such function. */
    public RevisionServer serving(String function) {
        return serving.get(function);
    }

    /** Moves the function's traffic to {@code next}; returns the revision it replaced, or null. */
    public RevisionServer route(String function, RevisionServer next) {
        return serving.put(function, next);
    }

    /** Removes the function; returns the revision that served it, or null. */
    public RevisionServer remove(String function) {
        return serving.remove(function);
    }

    /** Every serving revision. */
    public Collection<RevisionServer> all() {
        return serving.values();
    }
}

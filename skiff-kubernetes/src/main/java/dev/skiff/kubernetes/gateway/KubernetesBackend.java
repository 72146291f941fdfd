package dev.skiff.kubernetes.gateway;

import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionSpec;
import dev.skiff.core.scaling.Autoscaler;
import dev.skiff.core.scaling.ScaleDecision;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.translate.Services;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The gateway's view of a cluster without Knative: it routes a request to a revision by the
 * function's traffic table, wakes a revision scaled to zero (one scale-up however many requests
 * wait: single flight) and holds the requests until a pod is ready, and feeds each revision's
 * concurrency to the embedded mode's {@link Autoscaler}, applying its decisions to the revision's
 * Deployment through the scale subresource.
 *
 * <p>The seam for skiff-server's gateway: {@link #acquire} before forwarding (the answer is the
 * revision's in-cluster URL), {@link #release} when the exchange ends, and {@link #tick} on a timer
 * (every 100 ms to 1 s: it also completes waiting activations). Time is passed in. Thread-safe.
 */
public final class KubernetesBackend {
    private final Replicas replicas;
    private final BiFunction<String, String, Optional<FunctionResource>> functions;
    private final Map<String, RevisionLoad> loads = new HashMap<>();

    /** What the gateway serves a request with: the revision and where its pods answer. */
    public record Target(String namespace, String function, String revision, URI uri) {}

    /** No revision to route to: unknown function, or a traffic table naming none. */
    public static final class NoRouteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoRouteException(String message) {
            super(message);
        }
    }

    /**
     * A revision the gateway has routed to, as the last tick saw it.
     *
     * @param target the revision
     * @param ready its ready pods
     * @param desired the pods its autoscaler wants
     * @param inFlight requests its pods are answering
     * @param queued requests waiting for a ready pod
     */
    public record RevisionStats(Target target, int ready, int desired, int inFlight, int queued) {}

    private static final class RevisionLoad {
        final Target target;
        final Autoscaler autoscaler;
        final long activationTimeoutNanos;
        final List<Waiting> waiting = new ArrayList<>();
        int inFlight;
        int lastReady;
        int lastDesired;

        RevisionLoad(Target target, Autoscaler autoscaler, long activationTimeoutNanos) {
            this.target = target;
            this.autoscaler = autoscaler;
            this.activationTimeoutNanos = activationTimeoutNanos;
        }
    }

    private record Waiting(CompletableFuture<Target> future, long since) {}

    /**
     * A backend scaling through {@code replicas} and reading Functions with {@code functions}
     * (namespace, name; an informer's cache in the gateway).
     */
    public KubernetesBackend(Replicas replicas, BiFunction<String, String, Optional<FunctionResource>> functions) {
        this.replicas = replicas;
        this.functions = functions;
    }

    /**
     * Routes a request for {@code function} ({@code tag}: a tagged route, or null) and answers once a
     * pod of the chosen revision is ready; a revision at zero is scaled to one first. Completes
     * exceptionally with {@link NoRouteException}, or a {@link java.util.concurrent.TimeoutException}
     * when no pod is ready within the function's timeout.
     *
     * @param roll a random number in [0, 100) that picks among the traffic split
     */
    public synchronized CompletableFuture<Target> acquire(String namespace, String function, String tag, double roll,
                                                          long nowNanos) {
        Optional<FunctionResource> resource = functions.apply(namespace, function);
        if (resource.isEmpty()) {
            return CompletableFuture.failedFuture(new NoRouteException("no function " + namespace + "/" + function));
        }
        Optional<String> revision = RevisionPicker.pick(resource.get().getStatus(), tag, roll);
        if (revision.isEmpty()) {
            return CompletableFuture.failedFuture(new NoRouteException("function " + function + " has no revision to route "
                    + (tag == null ? "to" : "tag '" + tag + "' to") + " yet"));
        }
        RevisionLoad load = loads.computeIfAbsent(namespace + "/" + revision.get(),
                key -> newLoad(namespace, function, revision.get(), resource.get().getSpec(), nowNanos));
        if (replicas.ready(namespace, revision.get()) > 0) {
            load.inFlight++;
            return CompletableFuture.completedFuture(load.target);
        }
        CompletableFuture<Target> future = new CompletableFuture<>();
        if (load.waiting.isEmpty() && replicas.wanted(namespace, revision.get()) < 1) {
            replicas.scale(namespace, revision.get(), 1);
        }
        load.waiting.add(new Waiting(future, nowNanos));
        return future;
    }

    /** Every revision routed to so far, as the last tick saw it (no call to the API server). */
    public synchronized List<RevisionStats> stats() {
        List<RevisionStats> stats = new ArrayList<>();
        for (RevisionLoad load : loads.values()) {
            stats.add(new RevisionStats(load.target, load.lastReady, load.lastDesired, load.inFlight, load.waiting.size()));
        }
        return stats;
    }

    /** The exchange with {@code target} ended. */
    public synchronized void release(Target target) {
        RevisionLoad load = loads.get(target.namespace() + "/" + target.revision());
        if (load != null && load.inFlight > 0) {
            load.inFlight--;
        }
    }

    /**
     * Completes activations whose revision has a ready pod (or fails those past the timeout), records
     * each revision's concurrency, and scales each to what its autoscaler decides.
     */
    public synchronized void tick(long nowNanos) {
        for (RevisionLoad load : loads.values()) {
            String namespace = load.target.namespace();
            String revision = load.target.revision();
            int ready = replicas.ready(namespace, revision);
            for (Waiting waiting : List.copyOf(load.waiting)) {
                if (ready > 0) {
                    load.inFlight++;
                    waiting.future.complete(load.target);
                    load.waiting.remove(waiting);
                } else if (nowNanos - waiting.since >= load.activationTimeoutNanos) {
                    waiting.future.completeExceptionally(new java.util.concurrent.TimeoutException(
                            "no pod of " + revision + " became ready in time"));
                    load.waiting.remove(waiting);
                }
            }
            load.autoscaler.record(nowNanos, load.inFlight + load.waiting.size());
            ScaleDecision decision = load.autoscaler.decide(nowNanos, ready);
            int desired = Math.max(decision.desired(), load.waiting.isEmpty() ? 0 : 1);
            load.lastReady = ready;
            load.lastDesired = desired;
            int wanted = replicas.wanted(namespace, revision);
            if (wanted >= 0 && desired != wanted) {
                replicas.scale(namespace, revision, desired);
            }
        }
    }

    private RevisionLoad newLoad(String namespace, String function, String revision, FunctionSpec spec, long nowNanos) {
        FunctionSpec defaulted = FunctionDefaults.apply(spec);
        Target target = new Target(namespace, function, revision, URI.create(Services.revisionUrl(namespace, revision)));
        return new RevisionLoad(target, new Autoscaler(ScalingPolicies.of(defaulted.scale()), nowNanos),
                Duration.ofSeconds(defaulted.timeoutSeconds()).toNanos());
    }
}

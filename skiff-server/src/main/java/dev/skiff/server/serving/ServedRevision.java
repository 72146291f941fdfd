package dev.skiff.server.serving;

import dev.skiff.api.Revision;
import dev.skiff.api.ScaleSpec;
import dev.skiff.core.Dispatcher;
import dev.skiff.core.scaling.Autoscaler;
import dev.skiff.core.scaling.ScaleDecision;
import dev.skiff.core.scaling.ScalingPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One revision being served: its instances, the dispatcher that hands them requests, and the
 * autoscaler that sizes them. On every {@link #tick} it records the revision's concurrency
 * (requests in flight plus waiting), asks the KPA decider how many instances it wants, and starts
 * or retires instances to match: a retired instance takes no new request and stops only once its
 * requests in flight have finished, so a scale-down drops nothing. A request finding no instance at
 * all starts one at once ({@link #ensureInstance}; concurrent cold starts merge into that one start).
 * Instances that die are replaced, with a growing pause when starts keep failing. Every start first
 * takes room in its namespace's quotas ({@link InstanceLeases}), which the instance holds until it
 * exits: at a quota the autoscaler stops and says so ({@link Stats#capped}), and a request finding
 * no instance and no room is refused ({@link Dispatcher.Rejection#QUOTA}).
 */
public final class ServedRevision {
    private static final Logger LOG = LoggerFactory.getLogger(ServedRevision.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long MAX_BACKOFF_NANOS = 30_000_000_000L;
    private static final long FIRST_BACKOFF_NANOS = 500_000_000L;
    private static final long BRIEF_NANOS = 10_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int RATE_SECONDS = 10;

    private final Revision revision;
    private final InstanceSpec spec;
    private final InstanceBackend backend;
    private final Dispatcher<Instance> dispatcher;
    private final long maxRequestBytes;
    private final boolean requiresToken;
    private final int instanceCap;
    private final LongSupplier ticker;
    private final Executor blocking;
    private final InstanceLeases leases;
    private final Map<Instance, Long> adoptedAt = new ConcurrentHashMap<>();
    private final Set<Instance> instances = ConcurrentHashMap.newKeySet();
    private final Set<Instance> retired = ConcurrentHashMap.newKeySet();
    private final AtomicInteger starting = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final LongAdder arrivals = new LongAdder();
    private final long[] perSecond = new long[RATE_SECONDS];
    private long lastArrivals;
    private long lastSecond = Long.MIN_VALUE;
    private long secondStartArrivals;
    private ScalingPolicy policy;
    private Autoscaler autoscaler;
    private volatile ScaleDecision lastDecision;
    private volatile boolean closed;
    private volatile String lastStartError;
    /** No instance starts before this time (ticker nanoseconds) while starts keep failing. */
    private volatile long startsAllowedAt = Long.MIN_VALUE;

    /**
     * A served revision with no instances yet, whose instances {@code backend} starts from {@code spec}.
     *
     * @param scale the function's scaling settings (defaulted)
     * @param options its limits, time and executor
     */
    public ServedRevision(Revision revision, InstanceSpec spec, InstanceBackend backend, ScaleSpec scale,
                          ServingOptions options) {
        this.revision = revision;
        this.spec = spec;
        this.backend = backend;
        this.instanceCap = options.instanceCap();
        this.ticker = options.ticker();
        this.blocking = options.blocking();
        this.leases = new InstanceLeases(options.quota(), revision.function(), () -> backend.memoryBytes(spec));
        this.dispatcher = new Dispatcher<>(revision.spec().concurrency(), options.maxQueue());
        this.maxRequestBytes = revision.spec().maxRequestBytes();
        this.requiresToken = revision.spec().requiresToken();
        rescale(scale);
    }

    /** Applies new scaling settings (e.g. {@code skiff scale}); the autoscaler starts afresh. */
    public synchronized void rescale(ScaleSpec scale) {
        int concurrency = revision.spec().concurrency();
        int target = concurrency > 0 ? Math.min(scale.target(), concurrency) : scale.target();
        policy = ScalingPolicy.from(scale.withTarget(target), instanceCap);
        autoscaler = new Autoscaler(policy, ticker.getAsLong());
    }

    /** Counts a request for this revision; the autoscaler keeps an instance through the grace after it. */
    public void arrived() {
        arrivals.increment();
    }

    /**
     * Samples the load at {@code nowNanos}, decides, and starts or retires instances to match.
     * Called on a regular tick (every 100 ms); never blocks.
     */
    public synchronized void tick(long nowNanos) {
        if (closed) {
            return;
        }
        Dispatcher.Load load = dispatcher.load();
        long seen = arrivals.sum();
        boolean active = seen != lastArrivals;
        lastArrivals = seen;
        countRate(nowNanos, seen);
        double concurrency = load.inFlight() + load.queued();
        if (load.instances() + starting.get() > 0 || concurrency > 0) {
            autoscaler.record(nowNanos, concurrency);
        }
        if (active) {
            autoscaler.markActive(nowNanos);
        }
        ScaleDecision decision = autoscaler.decide(nowNanos, load.instances());
        lastDecision = decision;
        int have = load.instances() + starting.get();
        if (decision.desired() > have && nowNanos >= startsAllowedAt) {
            if (!startInstances(decision.desired() - have) && starting.get() == 0 && load.instances() == 0
                    && load.queued() > 0) {
                dispatcher.rejectWaiting(Dispatcher.Rejection.QUOTA);
            }
        } else if (decision.desired() <= have) {
            leases.uncapped();
            if (decision.desired() < load.instances()) {
                retire(load.instances() - decision.desired());
            }
        }
    }

    private void countRate(long nowNanos, long seen) {
        long second = nowNanos / SECOND;
        if (lastSecond == Long.MIN_VALUE) {
            lastSecond = second;
            secondStartArrivals = seen;
            return;
        }
        while (lastSecond < second) {
            perSecond[(int) (lastSecond % RATE_SECONDS)] = seen - secondStartArrivals;
            secondStartArrivals = seen;
            lastSecond++;
            if (second - lastSecond > RATE_SECONDS) {
                Arrays.fill(perSecond, 0);
                lastSecond = second;
            }
        }
    }

    private void retire(int count) {
        List<Instance> victims = dispatcher.ready().stream()
                .sorted(Comparator.comparingInt(dispatcher::inFlight))
                .limit(count)
                .toList();
        for (Instance instance : victims) {
            retired.add(instance);
            dispatcher.retire(instance, () -> stopInBackground(instance));
        }
    }

    private void stopInBackground(Instance instance) {
        instances.remove(instance);
        LOG.info("{} scaled down: stopping {}", revision.name(), instance);
        blocking.execute(() -> instance.stop(STOP_GRACE));
    }

    /** The largest request body the revision accepts, parsed once from its spec. */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** True when its callers must present a token ({@code spec.auth: token}). */
    public boolean requiresToken() {
        return requiresToken;
    }

    /** The revision served. */
    public Revision revision() {
        return revision;
    }

    /** The dispatcher requests for this revision go through. */
    public Dispatcher<Instance> dispatcher() {
        return dispatcher;
    }

    /** The instances running now, ready or finishing their last requests. */
    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** The limits its instances run under and what enforces them, as its backend says. */
    public Map<String, Object> limits() {
        return backend.limits(spec);
    }

    /** Why the last start failed, or null when the last start worked. */
    public String lastStartError() {
        return lastStartError;
    }

    /**
     * Why the revision runs fewer instances than it wants: the namespace quota that stopped its last
     * start, with its limit and the usage; null when no quota holds it back.
     */
    public String capped() {
        return leases.capped();
    }

    /** Why the namespace's quotas refused this revision's last start they refused; null when they never did. */
    public String quotaRefusal() {
        return leases.refusal();
    }

    /** What the revision is doing now, for {@code skiff describe}. */
    public Stats stats() {
        Dispatcher.Load load = dispatcher.load();
        long total = 0;
        synchronized (this) {
            for (long count : perSecond) {
                total += count;
            }
        }
        ScaleDecision decision = lastDecision;
        return new Stats(load.instances(), starting.get(), load.inFlight(), load.queued(), total / (double) RATE_SECONDS,
                decision == null ? 0 : decision.desired(), decision != null && decision.panic(), leases.capped());
    }

    /**
     * Starts the first instance and waits until it serves; a deploy calls this before it moves traffic.
     * Refused, with nothing started, when the namespace's quotas leave no room for it.
     */
    public void startFirst() throws StartException, QuotaExceededException {
        InstanceQuota.Lease lease = leases.take();
        starting.incrementAndGet();
        try {
            adopt(backend.start(spec), lease);
        } catch (StartException | RuntimeException e) {
            lease.release();
            throw e;
        } finally {
            starting.decrementAndGet();
        }
    }

    /**
     * The activator's part: when a request waits and the revision has no instance, ready or
     * starting, start one now rather than at the next tick. Concurrent callers start one instance.
     * When the namespace's quotas leave no room for it, the waiting requests are refused.
     */
    public void ensureInstance() {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (!dispatcher.ready().isEmpty() || starting.get() > 0 || ticker.getAsLong() < startsAllowedAt
                    || startInstances(1)) {
                return;
            }
        }
        dispatcher.rejectWaiting(Dispatcher.Rejection.QUOTA);
    }

    /** Starts up to {@code count} instances in the background, as many as the quotas allow; false when they stopped one. */
    private boolean startInstances(int count) {
        for (int i = 0; i < count; i++) {
            InstanceQuota.Lease lease = leases.tryTake();
            if (lease == null) {
                return false;
            }
            starting.incrementAndGet();
            blocking.execute(() -> startInBackground(lease));
        }
        leases.uncapped();
        return true;
    }

    private void startInBackground(InstanceQuota.Lease lease) {
        boolean adopted = false;
        try {
            if (!closed) {
                adopt(backend.start(spec), lease);
                adopted = true;
            }
        } catch (StartException e) {
            backOff();
            lastStartError = e.getMessage();
            LOG.warn("{} could not start an instance: {}", revision.name(), e.getMessage());
            if (dispatcher.ready().isEmpty() && starting.get() == 1) {
                dispatcher.rejectWaiting(Dispatcher.Rejection.START_FAILED);
            }
        } finally {
            if (!adopted) {
                lease.release();
            }
            starting.decrementAndGet();
        }
    }

    /** Counts a failed or brief start: the next start waits 0.5 s, then 1 s, 2 s, ... up to 30 s. */
    private void backOff() {
        int failed = failures.incrementAndGet();
        long pause = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(failed - 1, 10));
        startsAllowedAt = ticker.getAsLong() + pause;
    }

    private void adopt(Instance instance, InstanceQuota.Lease lease) {
        lastStartError = null;
        leases.hold(instance, lease);
        adoptedAt.put(instance, ticker.getAsLong());
        instances.add(instance);
        instance.exit().thenAccept(status -> onExit(instance, status));
        if (closed) {
            instance.kill();
            return;
        }
        dispatcher.addReady(instance);
    }

    private void onExit(Instance instance, int status) {
        leases.release(instance);
        dispatcher.remove(instance);
        instances.remove(instance);
        Long adopted = adoptedAt.remove(instance);
        if (closed || retired.remove(instance)) {
            return;
        }
        if (adopted != null && ticker.getAsLong() - adopted < BRIEF_NANOS) {
            backOff();
        } else {
            failures.set(0);
            startsAllowedAt = Long.MIN_VALUE;
        }
        LOG.info("{} exited with status {}; the autoscaler replaces it as needed", instance, status);
        if (dispatcher.load().queued() > 0) {
            ensureInstance();
        }
    }

    /** Kills an instance whose request ran past the timeout; a replacement starts as needed. */
    public void timedOut(Instance instance) {
        dispatcher.remove(instance);
        instance.kill();
    }

    /**
     * Stops taking requests, lets in-flight ones finish (up to {@code drainTimeout}), then stops the
     * instances. Requests still waiting are rejected as closed, so the gateway retries them on the
     * function's current route. Blocking.
     */
    public void drainAndStop(Duration drainTimeout) {
        closed = true;
        dispatcher.close();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (dispatcher.load().inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        instances.forEach(instance -> instance.stop(STOP_GRACE));
    }

    /**
     * A revision's activity at one moment.
     *
     * @param ready instances taking requests
     * @param starting instances being started
     * @param inFlight requests being served
     * @param queued requests waiting for an instance
     * @param requestsPerSecond arrivals per second over the last ten seconds
     * @param desired the instances the autoscaler wants
     * @param panic whether the autoscaler is in panic mode
     * @param capped why it runs fewer instances than it wants (a namespace quota, its limit and the usage); null when none holds it back
     */
    public record Stats(int ready, int starting, int inFlight, int queued, double requestsPerSecond, int desired,
                        boolean panic, String capped) {}
}

package dev.skiff.server.serving;

import dev.skiff.api.Revision;
import dev.skiff.core.Dispatcher;
import dev.skiff.server.backend.Instance;
import dev.skiff.server.backend.InstanceSpec;
import dev.skiff.server.backend.ProcessBackend;
import dev.skiff.server.backend.StartException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One revision being served: its instances and the dispatcher that hands them requests. While it
 * has traffic it keeps one instance running, replacing one that dies or times out (with a growing
 * pause when an instance keeps failing); with {@code scale.minScale} 0 it stops the instance once it
 * has been idle for the scale-to-zero grace period, and the next request starts one again (the
 * gateway queues it meanwhile). It drains before it stops.
 */
public final class RevisionServer {
    private static final Logger LOG = LoggerFactory.getLogger(RevisionServer.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Revision revision;
    private final InstanceSpec spec;
    private final ProcessBackend backend;
    private final Dispatcher<Instance> dispatcher;
    private final long maxRequestBytes;
    private final Set<Instance> instances = ConcurrentHashMap.newKeySet();
    private final Set<Instance> retired = ConcurrentHashMap.newKeySet();
    private final boolean scalesToZero;
    private final long graceNanos;
    private volatile long lastActive = System.nanoTime();
    private final AtomicBoolean starting = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean closed;
    private volatile String lastStartError;

    /** A revision server with no instances yet; at most {@code maxQueue} requests wait for one. */
    public RevisionServer(Revision revision, InstanceSpec spec, ProcessBackend backend, int maxQueue) {
        this.revision = revision;
        this.spec = spec;
        this.backend = backend;
        this.dispatcher = new Dispatcher<>(revision.spec().concurrency(), maxQueue);
        this.maxRequestBytes = revision.spec().maxRequestBytes();
        this.scalesToZero = revision.spec().scale().minScale() == 0;
        this.graceNanos = Duration.ofSeconds(revision.spec().scale().scaleToZeroGraceSeconds()).toNanos();
    }

    /** Marks the revision as used now: a request arrived or finished. */
    public void touch() {
        lastActive = System.nanoTime();
    }

    /**
     * Stops the instance when the revision scales to zero and has had no request in flight or
     * waiting for the grace period up to {@code nowNanos}; called on a regular tick.
     */
    public void scaleToZeroIfIdle(long nowNanos) {
        Dispatcher.Load load = dispatcher.load();
        if (!scalesToZero || closed || instances.isEmpty() || load.inFlight() > 0 || load.queued() > 0
                || nowNanos - lastActive < graceNanos) {
            return;
        }
        for (Instance instance : List.copyOf(instances)) {
            if (!dispatcher.removeIfIdle(instance)) {
                continue;
            }
            retired.add(instance);
            instances.remove(instance);
            LOG.info("{} idle for {}s: scaling to zero", instance, Duration.ofNanos(graceNanos).toSeconds());
            Thread.ofPlatform().daemon().name("skiff-retire-" + instance.id()).start(() -> instance.stop(STOP_GRACE));
        }
    }

    /** The largest request body the revision accepts, parsed once from its spec. */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** The revision served. */
    public Revision revision() {
        return revision;
    }

    /** The dispatcher requests for this revision go through. */
    public Dispatcher<Instance> dispatcher() {
        return dispatcher;
    }

    /** The instances running now. */
    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** Why the last start failed, or null when the last start worked. */
    public String lastStartError() {
        return lastStartError;
    }

    /** Starts the first instance and waits until it serves; a deploy calls this before it moves traffic. */
    public void startFirst() throws StartException {
        starting.set(true);
        try {
            adopt(backend.start(spec));
        } finally {
            starting.set(false);
        }
    }

    /** Starts an instance in the background unless one runs or is starting. */
    public void ensureInstance() {
        if (closed || !instances.isEmpty() || !starting.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("skiff-start-" + revision.name()).start(this::startInBackground);
    }

    private void startInBackground() {
        try {
            int failed = failures.get();
            if (failed > 0) {
                Thread.sleep(Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(failed - 1, 10)));
            }
            if (!closed) {
                adopt(backend.start(spec));
            }
        } catch (StartException e) {
            failures.incrementAndGet();
            lastStartError = e.getMessage();
            LOG.warn("{} could not start an instance: {}", revision.name(), e.getMessage());
            dispatcher.rejectWaiting(Dispatcher.Rejection.START_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            starting.set(false);
        }
    }

    private void adopt(Instance instance) {
        lastStartError = null;
        instances.add(instance);
        instance.exit().thenAccept(status -> onExit(instance, status));
        if (closed) {
            instance.kill();
            return;
        }
        dispatcher.addReady(instance);
    }

    private void onExit(Instance instance, int status) {
        dispatcher.remove(instance);
        instances.remove(instance);
        if (closed || retired.remove(instance)) {
            return;
        }
        boolean brief = Duration.between(instance.startedAt(), Instant.now()).toSeconds() < 10;
        if (brief) {
            failures.incrementAndGet();
        } else {
            failures.set(0);
        }
        LOG.info("{} exited with status {}; starting a replacement", instance, status);
        ensureInstance();
    }

    /** Kills an instance whose request ran past the timeout; a replacement starts at once. */
    public void timedOut(Instance instance) {
        dispatcher.remove(instance);
        instance.kill();
    }

    /**
     * Stops taking requests, lets in-flight ones finish (up to {@code drainTimeout}), then stops the
     * instances. Requests still waiting are rejected as closed, so the gateway retries them on the
     * function's current revision. Blocking.
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
}

package dev.skiff.server.dataplane;

import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.core.Dispatcher;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.Instance;
import dev.skiff.server.serving.ServedRevision;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.IntPredicate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Invokes functions: picks the revision from the function's route (its traffic split, or a tag), waits for an instance through its dispatcher
 * (starting one if none runs), forwards the request, and enforces the function's timeout. Every
 * caller goes through here: the {@code /function} route, the REST API and the seed-002 agent API.
 */
public final class FunctionInvoker {
    /**
     * How often a request whose revision closed while it waited is sent to the function's current
     * route: a closed revision is never in the current route, so each reroute follows a traffic
     * change, and a request only runs out of reroutes when the traffic changes this often while it waits.
     */
    private static final int MAX_REROUTES = 10;
    private final Vertx vertx;
    private final RouteTable registry;
    private final Forwarder forwarder;
    private final InvocationObserver observer;
    private final LoopTimeouts timeouts = new LoopTimeouts();
    private final InFlightLimits inFlight = new InFlightLimits();

    /** A gateway over the functions in {@code registry}. */
    public FunctionInvoker(Vertx vertx, RouteTable registry) {
        this(vertx, registry, InvocationObserver.NONE);
    }

    /** A gateway over the functions in {@code registry} telling {@code observer} of every finished invocation. */
    public FunctionInvoker(Vertx vertx, RouteTable registry, InvocationObserver observer) {
        this(vertx, registry, observer, uid -> true);
    }

    /**
     * Such a gateway, reaching a worker on its Unix socket only when the process answering there runs
     * as a uid {@code socketPeer} accepts (-1 when the transport cannot tell), else on its port.
     */
    public FunctionInvoker(Vertx vertx, RouteTable registry, InvocationObserver observer, IntPredicate socketPeer) {
        this.vertx = vertx;
        this.registry = registry;
        this.forwarder = new Forwarder(vertx, socketPeer);
        this.observer = observer;
    }

    /** True when a gateway on {@code vertx} can reach an instance on its Unix socket (Linux: epoll or JDK NIO). */
    public static boolean reachesUnixSockets(Vertx vertx) {
        return Forwarder.reachesSockets(vertx);
    }

    /** Invokes {@code function}; fails with a {@link SkiffException} for the client. Call on a Vert.x context. */
    public Future<InvocationResult> invoke(String function, Invocation invocation) {
        return invoke(function, null, invocation);
    }

    /**
     * Invokes {@code function} through its traffic split, or, when {@code tag} is not null, the revision
     * the tag routes to; fails with a {@link SkiffException} for the client. Call on a Vert.x context.
     */
    public Future<InvocationResult> invoke(String function, String tag, Invocation invocation) {
        ServedRevision serving;
        try {
            serving = choose(function, tag);
        } catch (SkiffException e) {
            return Future.failedFuture(e);
        }
        return invoke(function, tag, serving, invocation);
    }

    /** Invokes {@code serving}, a revision {@link #choose} picked for {@code function} and {@code tag}. */
    public Future<InvocationResult> invoke(String function, String tag, ServedRevision serving, Invocation invocation) {
        return invoke((ContextInternal) vertx.getOrCreateContext(), function, tag, serving, invocation);
    }

    /** As {@link #invoke(String, String, ServedRevision, Invocation)}, the call's work and answer on {@code context}. */
    public Future<InvocationResult> invoke(ContextInternal context, String function, String tag, ServedRevision serving,
                                    Invocation invocation) {
        InFlightLimits.Ticket ticket = inFlight.enter(function);
        if (ticket == null) {
            String namespace = Namespaces.namespaceOf(function);
            return Future.failedFuture(new SkiffException(ErrorCode.QUOTA_EXCEEDED, "namespace " + namespace + " has "
                    + inFlight.limit(namespace) + " request(s) in flight, its quota (maxInFlight); retry shortly"));
        }
        Call call = new Call(context, function, tag, serving, invocation, ticket);
        call.begin();
        return call.promise.future();
    }

    /** Each namespace's quota of requests in flight, which the control plane sets. */
    public InFlightLimits inFlightLimits() {
        return inFlight;
    }

    /**
     * The revision for one request: drawn from the function's split, or the tagged one; a
     * {@link SkiffException} (404) when there is no such function or tag.
     */
    public ServedRevision choose(String function, String tag) {
        Route route = registry.route(function);
        if (route == null) {
            throw SkiffException.noFunction(function);
        }
        return choose(route, function, tag);
    }

    /** The function's route, or null when there is no such function. */
    public Route route(String function) {
        return registry.route(function);
    }

    /** As {@link #choose(String, String)}, from the function's {@code route} already looked up. */
    public ServedRevision choose(Route route, String function, String tag) {
        if (tag == null) {
            return route.pick();
        }
        ServedRevision tagged = route.tagged(tag);
        if (tagged == null) {
            throw new SkiffException(ErrorCode.NOT_FOUND, function + " has no route tagged " + Quote.value(tag)
                    + (route.tags().isEmpty() ? "" : "; its tags: " + String.join(", ", route.tags().keySet())));
        }
        return tagged;
    }

    /** Nothing to close: the forwarder's connections close with the event loops. */
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    /** One invocation's way through the dispatcher and to an instance. */
    private final class Call extends LoopTimeouts.Timed implements Dispatcher.Waiter<Instance>, Forwarder.Listener {
        private final ContextInternal context;
        private final String function;
        private final String tag;
        private final Invocation invocation;
        private final Promise<InvocationResult> promise = Promise.promise();
        private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
        private final long timeoutMillis;
        private ServedRevision serving;
        private int retries;
        private volatile Forwarder.Exchange exchange;
        private volatile Instance instance;
        private final long startMillis = System.currentTimeMillis();
        /** Its place in its namespace's quota of requests in flight. */
        private final InFlightLimits.Ticket ticket;
        private final long startNanos = System.nanoTime();
        private volatile long grantedNanos;

        Call(ContextInternal context, String function, String tag, ServedRevision serving, Invocation invocation,
             InFlightLimits.Ticket ticket) {
            this.ticket = ticket;
            this.context = context;
            this.function = function;
            this.tag = tag;
            this.serving = serving;
            this.invocation = invocation;
            this.timeoutMillis = serving.revision().spec().timeoutSeconds() * 1000L;
        }

        void begin() {
            serving.arrived();
            timeouts.start(context.nettyEventLoop(), this, timeoutMillis);
            acquire();
        }

        private void acquire() {
            serving.dispatcher().acquire(this);
            if (state.get() == State.WAITING) {
                serving.ensureInstance();
            }
        }

        @Override
        public void grant(Instance granted) {
            if (!state.compareAndSet(State.WAITING, State.RUNNING)) {
                serving.dispatcher().release(granted);
                return;
            }
            instance = granted;
            grantedNanos = System.nanoTime();
            context.emit(v -> send());
        }

        /** Its event loop: a request freed on that loop is sent there at once, with no thread woken. */
        @Override
        public Object affinity() {
            return context.nettyEventLoop();
        }

        @Override
        public void reject(Dispatcher.Rejection why) {
            context.runOnContext(v -> onRejected(why));
        }

        private void onRejected(Dispatcher.Rejection why) {
            if (why == Dispatcher.Rejection.CLOSED && retries < MAX_REROUTES) {
                ServedRevision current = null;
                try {
                    current = choose(function, tag);
                } catch (SkiffException gone) {
                    // the function or tag went away: answered below
                }
                if (current != null && current != serving) {
                    retries++;
                    serving = current;
                    serving.arrived();
                    acquire();
                    return;
                }
            }
            finish(null, switch (why) {
                case QUEUE_FULL -> new SkiffException(ErrorCode.UNAVAILABLE, function + " has too many requests waiting; retry shortly");
                case START_FAILED -> new SkiffException(ErrorCode.UNAVAILABLE, function + " could not start an instance: "
                        + serving.lastStartError());
                case CLOSED -> new SkiffException(ErrorCode.UNAVAILABLE, function + " is being removed");
                case QUOTA -> new SkiffException(ErrorCode.QUOTA_EXCEEDED, function + " has no instance and may not start one: "
                        + serving.quotaRefusal() + "; retry shortly");
            });
        }

        private void send() {
            exchange = forwarder.send(context.nettyEventLoop(), instance.port(), instance.socket(), invocation.method(),
                    invocation.uri(), invocation.headers(), invocation.body(), this);
        }

        @Override
        public void answered(int status, MultiMap headers, Buffer body) {
            serving.dispatcher().release(instance, context.nettyEventLoop());
            deliver(new InvocationResult(status, headers, body, serving.revision().name(), instance.id()), null);
        }

        /** The instance failed while serving: {@code OutOfMemory} when the kernel killed it for its memory limit. */
        @Override
        public void failed(Throwable cause) {
            serving.dispatcher().release(instance, context.nettyEventLoop());
            SkiffException failure = instance.outOfMemory()
                    .map(why -> new SkiffException(ErrorCode.OUT_OF_MEMORY, why))
                    .orElseGet(() -> new SkiffException(ErrorCode.INSTANCE_FAILED, "the instance " + instance
                            + " failed while serving the request: " + cause.getMessage()));
            deliver(null, failure);
        }

        /**
         * Finishes on the call's context: at once when the forwarder answers on the context's own
         * event loop (every request from the front), else by a hop to it. Not {@code runOnContext},
         * which always queues a task, even on the right thread: Netty's callbacks run with no Vert.x
         * context current.
         */
        private void deliver(InvocationResult result, Throwable failure) {
            context.emit(v -> finish(result, failure));
        }

        @Override
        void timedOut() {
            State before = state.getAndSet(State.DONE);
            if (before == State.WAITING) {
                serving.dispatcher().cancel(this);
                SkiffException unavailable = new SkiffException(ErrorCode.UNAVAILABLE, "no instance of " + function
                        + " became free within " + timeoutMillis / 1000 + "s; retry shortly");
                observe(null, unavailable);
                promise.tryFail(unavailable);
            } else if (before == State.RUNNING) {
                Forwarder.Exchange running = exchange;
                if (running != null) {
                    running.abort();
                }
                serving.timedOut(instance);
                SkiffException timeout = new SkiffException(ErrorCode.TIMEOUT, function + " did not answer within "
                        + timeoutMillis / 1000 + "s; its instance was stopped and will be replaced");
                observe(null, timeout);
                promise.tryFail(timeout);
            }
        }

        private void finish(InvocationResult result, Throwable failure) {
            if (state.getAndSet(State.DONE) == State.DONE) {
                return;
            }
            ticket.exit();
            timeouts.cancel(context.nettyEventLoop(), this);
            observe(result, failure);
            if (failure == null) {
                promise.complete(result);
            } else {
                promise.fail(failure);
            }
        }

        private void observe(InvocationResult result, Throwable failure) {
            long now = System.nanoTime();
            long waited = (grantedNanos == 0 ? now : grantedNanos) - startNanos;
            Instance served = instance;
            boolean cold = served != null && served.startedAt().toEpochMilli() >= startMillis;
            int status = result != null ? result.status() : Errors.classify(failure).code().status();
            observer.completed(new InvocationObserver.Completed(function, serving.revision().name(), invocation,
                    startMillis, waited, now - startNanos, cold, status, result == null ? null : result.body(), failure,
                    served == null ? null : served.id()));
        }
    }

    private enum State { WAITING, RUNNING, DONE }
}

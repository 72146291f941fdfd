package dev.skiff.server.http;

import dev.skiff.core.Dispatcher;
import dev.skiff.server.ErrorCode;
import dev.skiff.server.SkiffException;
import dev.skiff.server.backend.Instance;
import dev.skiff.server.serving.Registry;
import dev.skiff.server.serving.RevisionServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Invokes functions: resolves the serving revision, waits for an instance through its dispatcher
 * (starting one if none runs), forwards the request, and enforces the function's timeout. Every
 * caller goes through here: the {@code /function} route, the REST API and the seed-002 agent API.
 */
public final class Gateway {
    private static final String LOOPBACK = "127.0.0.1";
    private final Vertx vertx;
    private final Registry registry;
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();
    private final InvocationObserver observer;

    /** A gateway over the functions in {@code registry}. */
    public Gateway(Vertx vertx, Registry registry) {
        this(vertx, registry, InvocationObserver.NONE);
    }

    /** A gateway over the functions in {@code registry} telling {@code observer} of every finished invocation. */
    public Gateway(Vertx vertx, Registry registry, InvocationObserver observer) {
        this.vertx = vertx;
        this.registry = registry;
        this.observer = observer;
    }

    /** Invokes {@code function}; fails with a {@link SkiffException} for the client. Call on a Vert.x context. */
    public Future<InvocationResult> invoke(String function, Invocation invocation) {
        RevisionServer serving = registry.serving(function);
        if (serving == null) {
            return Future.failedFuture(SkiffException.noFunction(function));
        }
        Call call = new Call(vertx.getOrCreateContext(), function, serving, invocation);
        call.begin();
        return call.promise.future();
    }

    /** Closes the connections to the instances. */
    public Future<Void> close() {
        return Future.all(clients.values().stream().map(HttpClient::close).toList()).mapEmpty();
    }

    /**
     * The calling event loop's own client. A pooled connection lives on the event loop that opened
     * it, and one borrowed from another loop hands every step of the exchange (the pool's answer,
     * the request write, the response) across threads, each hand-off a wake-up of the other loop.
     * With a client per loop a request and its forwarded exchange stay on one thread.
     */
    private HttpClient client() {
        return clients.computeIfAbsent(Thread.currentThread(), thread -> vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setKeepAliveTimeout(300),
                new PoolOptions().setHttp1MaxSize(1024)));
    }

    /** One invocation's way through the dispatcher and to an instance. */
    private final class Call implements Dispatcher.Waiter<Instance> {
        private final Context context;
        private final String function;
        private final Invocation invocation;
        private final Promise<InvocationResult> promise = Promise.promise();
        private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
        private final long timeoutMillis;
        private RevisionServer serving;
        private long timer;
        private boolean retried;
        private volatile HttpClientRequest request;
        private volatile Instance instance;
        private final long startMillis = System.currentTimeMillis();
        private final long startNanos = System.nanoTime();
        private volatile long grantedNanos;

        Call(Context context, String function, RevisionServer serving, Invocation invocation) {
            this.context = context;
            this.function = function;
            this.serving = serving;
            this.invocation = invocation;
            this.timeoutMillis = serving.revision().spec().timeoutSeconds() * 1000L;
        }

        void begin() {
            serving.touch();
            timer = vertx.setTimer(timeoutMillis, id -> onTimeout());
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
            if (Vertx.currentContext() == context) {
                send();
            } else {
                context.runOnContext(v -> send());
            }
        }

        @Override
        public void reject(Dispatcher.Rejection why) {
            context.runOnContext(v -> onRejected(why));
        }

        private void onRejected(Dispatcher.Rejection why) {
            RevisionServer current = registry.serving(function);
            if (why == Dispatcher.Rejection.CLOSED && !retried && current != null && current != serving) {
                retried = true;
                serving = current;
                acquire();
                return;
            }
            String message = switch (why) {
                case QUEUE_FULL -> function + " has too many requests waiting; retry shortly";
                case START_FAILED -> function + " could not start an instance: " + serving.lastStartError();
                case CLOSED -> function + " is being removed";
            };
            finish(null, new SkiffException(ErrorCode.UNAVAILABLE, message));
        }

        private void send() {
            RequestOptions options = new RequestOptions()
                    .setHost(LOOPBACK)
                    .setPort(instance.port())
                    .setMethod(invocation.method())
                    .setURI(invocation.uri())
                    .setHeaders(invocation.headers());
            client().request(options)
                    .compose(req -> {
                        request = req;
                        return req.send(invocation.body());
                    })
                    .compose(this::readResponse)
                    .onComplete(ar -> {
                        serving.dispatcher().release(instance);
                        if (ar.succeeded()) {
                            finish(ar.result(), null);
                        } else {
                            finish(null, new SkiffException(ErrorCode.INSTANCE_FAILED, "the instance " + instance
                                    + " failed while serving the request: " + ar.cause().getMessage()));
                        }
                    });
        }

        private Future<InvocationResult> readResponse(HttpClientResponse response) {
            MultiMap headers = Headers.copyEndToEnd(response.headers(), MultiMap.caseInsensitiveMultiMap());
            return response.body().map(body ->
                    new InvocationResult(response.statusCode(), headers, body, serving.revision().name()));
        }

        private void onTimeout() {
            State before = state.getAndSet(State.DONE);
            if (before == State.WAITING) {
                serving.dispatcher().cancel(this);
                SkiffException unavailable = new SkiffException(ErrorCode.UNAVAILABLE, "no instance of " + function
                        + " became free within " + timeoutMillis / 1000 + "s; retry shortly");
                observe(null, unavailable);
                promise.tryFail(unavailable);
            } else if (before == State.RUNNING) {
                HttpClientRequest running = request;
                if (running != null) {
                    running.reset();
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
            vertx.cancelTimer(timer);
            serving.touch();
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
                    startMillis, waited, now - startNanos, cold, status, result == null ? null : result.body(), failure));
        }
    }

    private enum State { WAITING, RUNNING, DONE }
}

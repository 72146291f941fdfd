package dev.skiff.server.http;

import dev.skiff.core.Dispatcher;
import dev.skiff.server.ErrorCode;
import dev.skiff.server.SkiffException;
import dev.skiff.server.backend.Instance;
import dev.skiff.server.serving.Registry;
import dev.skiff.server.serving.RevisionServer;
import dev.skiff.server.serving.Route;
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
 * Invokes functions: picks the revision from the function's route (its traffic split, or a tag), waits for an instance through its dispatcher
 * (starting one if none runs), forwards the request, and enforces the function's timeout. Every
 * caller goes through here: the {@code /function} route, the REST API and the seed-002 agent API.
 */
public final class Gateway {
    private static final String LOOPBACK = "127.0.0.1";
    private final Vertx vertx;
    private final Registry registry;
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();

    /** A gateway over the functions in {@code registry}. */
    public Gateway(Vertx vertx, Registry registry) {
        this.vertx = vertx;
        this.registry = registry;
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
        RevisionServer serving;
        try {
            serving = choose(function, tag);
        } catch (SkiffException e) {
            return Future.failedFuture(e);
        }
        Call call = new Call(vertx.getOrCreateContext(), function, tag, serving, invocation);
        call.begin();
        return call.promise.future();
    }

    /** The revision for one request: drawn from the function's split, or the tagged one. */
    private RevisionServer choose(String function, String tag) {
        Route route = registry.route(function);
        if (route == null) {
            throw SkiffException.noFunction(function);
        }
        if (tag == null) {
            return route.pick();
        }
        RevisionServer tagged = route.tagged(tag);
        if (tagged == null) {
            throw new SkiffException(ErrorCode.NOT_FOUND, function + " has no route tagged '" + tag + "'"
                    + (route.tags().isEmpty() ? "" : "; its tags: " + String.join(", ", route.tags().keySet())));
        }
        return tagged;
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
        private final String tag;
        private final Invocation invocation;
        private final Promise<InvocationResult> promise = Promise.promise();
        private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
        private final long timeoutMillis;
        private RevisionServer serving;
        private long timer;
        private boolean retried;
        private volatile HttpClientRequest request;
        private volatile Instance instance;

        Call(Context context, String function, String tag, RevisionServer serving, Invocation invocation) {
            this.context = context;
            this.function = function;
            this.tag = tag;
            this.serving = serving;
            this.invocation = invocation;
            this.timeoutMillis = serving.revision().spec().timeoutSeconds() * 1000L;
        }

        void begin() {
            serving.arrived();
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
            if (why == Dispatcher.Rejection.CLOSED && !retried) {
                RevisionServer current = null;
                try {
                    current = choose(function, tag);
                } catch (SkiffException gone) {
                    // the function or tag went away: answered below
                }
                if (current != null && current != serving) {
                    retried = true;
                    serving = current;
                    serving.arrived();
                    acquire();
                    return;
                }
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
                promise.tryFail(new SkiffException(ErrorCode.UNAVAILABLE, "no instance of " + function
                        + " became free within " + timeoutMillis / 1000 + "s; retry shortly"));
            } else if (before == State.RUNNING) {
                HttpClientRequest running = request;
                if (running != null) {
                    running.reset();
                }
                serving.timedOut(instance);
                promise.tryFail(new SkiffException(ErrorCode.TIMEOUT, function + " did not answer within "
                        + timeoutMillis / 1000 + "s; its instance was stopped and will be replaced"));
            }
        }

        private void finish(InvocationResult result, Throwable failure) {
            if (state.getAndSet(State.DONE) == State.DONE) {
                return;
            }
            vertx.cancelTimer(timer);
            if (failure == null) {
                promise.complete(result);
            } else {
                promise.fail(failure);
            }
        }
    }

    private enum State { WAITING, RUNNING, DONE }
}

package dev.skiff.server.activations;

import dev.skiff.api.ValidationException;
import dev.skiff.server.dataplane.FunctionCaller;
import dev.skiff.server.dataplane.InternalHeaders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and sends asynchronous calls' callbacks. A URL is checked when its call is accepted and
 * again when the callback is sent: then its host is resolved once, every address is checked
 * ({@link CallbackTargets}), and the connection goes to a checked address, with the URL's host kept
 * for the Host header and, over https, for SNI and the certificate's check, so a name that resolves
 * elsewhere a moment later (DNS rebinding) cannot redirect it. Redirects are not followed. What became
 * of each callback is logged when it was not delivered and reported to the activation's record.
 */
public final class CallbackSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final int RESOLVERS = 4;
    private final CallbackTargets targets;
    private final BiConsumer<String, CallbackOutcome> outcomes;
    private final HttpClientAgent client;
    private final ExecutorService resolving;

    /** A sender on {@code vertx}'s HTTP client to {@code targets}, reporting each callback's outcome to {@code outcomes}. */
    public CallbackSender(Vertx vertx, CallbackTargets targets, BiConsumer<String, CallbackOutcome> outcomes) {
        this.targets = targets;
        this.outcomes = outcomes;
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true));
        // Name lookups block: a few threads of their own, never an event loop or the database's writer.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(RESOLVERS, RESOLVERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().daemon().name("skiff-callbacks").unstarted(r));
        pool.allowCoreThreadTimeOut(true);
        this.resolving = pool;
    }

    /**
     * Checks {@code url} (null or blank: no callback) as its call is accepted: completes when it may be
     * used, fails with a {@link ValidationException} naming {@code X-Callback-Url} when not. A host
     * that does not resolve now is accepted: it is resolved again when the callback is sent.
     */
    public CompletableFuture<Void> admit(String url) {
        if (url == null || url.isBlank()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            URI uri = targets.parse(url);
            return CompletableFuture.runAsync(() -> {
                try {
                    targets.addresses(uri);
                } catch (CallbackRefused e) {
                    throw invalid(e);
                } catch (UnknownHostException e) {
                    LOG.debug("the callback host of {} does not resolve yet: {}", url, e.getMessage());
                }
            }, resolving);
        } catch (CallbackRefused e) {
            return CompletableFuture.failedFuture(invalid(e));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the server is stopping", e));
        }
    }

    /** POSTs {@code answer} to {@code url} for activation {@code id}; completes with what became of it, once reported. */
    public CompletableFuture<CallbackOutcome> send(String id, String url, FunctionCaller.Answer answer) {
        CompletableFuture<CallbackOutcome> sent;
        try {
            sent = CompletableFuture.supplyAsync(() -> checkAndPost(id, url, answer), resolving).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            sent = CompletableFuture.completedFuture(CallbackOutcome.failed(url, "the server is stopping"));
        }
        return sent.exceptionally(failure -> CallbackOutcome.failed(url, reason(failure))).thenApply(outcome -> {
            if (!outcome.outcome().equals("delivered")) {
                LOG.warn("activation {}: the callback to {} {}: {}", id, url,
                        outcome.outcome().equals("refused") ? "was refused" : "failed", outcome.message());
            }
            outcomes.accept(id, outcome);
            return outcome;
        });
    }

    private CompletableFuture<CallbackOutcome> checkAndPost(String id, String url, FunctionCaller.Answer answer) {
        URI uri;
        InetAddress address;
        try {
            uri = targets.parse(url);
            address = targets.addresses(uri).getFirst();
        } catch (CallbackRefused e) {
            return CompletableFuture.completedFuture(CallbackOutcome.refused(url, "not sent: " + e.getMessage()));
        } catch (UnknownHostException e) {
            return CompletableFuture.completedFuture(CallbackOutcome.failed(url, "cannot resolve " + e.getMessage()));
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String contentType = answer.headers().get("Content-Type");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, literal(address)))
                .setHost(uri.getHost()).setPort(port).setSsl(https).setURI(pathAndQuery(uri)).setFollowRedirects(false)
                .setConnectTimeout(CONNECT_TIMEOUT.toMillis()).setIdleTimeout(ANSWER_TIMEOUT.toMillis())
                .putHeader(InternalHeaders.ACTIVATION_ID, id)
                .putHeader("X-Skiff-Status", Integer.toString(answer.status()))
                .putHeader("Content-Type", contentType == null ? "application/octet-stream" : contentType);
        Future<CallbackOutcome> posted = client.request(options).compose(request -> request.send(answer.body()))
                .compose(response -> response.end().map(v -> CallbackOutcome.delivered(url, response.statusCode())));
        return posted.toCompletionStage().toCompletableFuture();
    }

    /**
     * The address as an IP literal the client connects to without a lookup: given the name it was
     * resolved from, the client would resolve that name again; an IPv6 one in brackets, as its authority needs.
     */
    private static String literal(InetAddress address) {
        byte[] bytes = address.getAddress();
        try {
            String text = InetAddress.getByAddress(bytes).getHostAddress();
            return bytes.length == 16 ? "[" + text + "]" : text;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static ValidationException invalid(CallbackRefused refused) {
        return ValidationException.of(AsyncInvoker.CALLBACK_HEADER, refused.getMessage());
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** Stops: callbacks still waiting for their turn are not sent. */
    @Override
    public void close() {
        resolving.shutdownNow();
        client.close();
    }
}

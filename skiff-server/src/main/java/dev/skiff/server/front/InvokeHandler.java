package dev.skiff.server.front;

import dev.skiff.core.InvocationTarget;
import dev.skiff.server.auth.TokenSecrets;
import dev.skiff.server.auth.Tokens;
import dev.skiff.server.dataplane.FunctionInvoker;
import dev.skiff.server.dataplane.Headers;
import dev.skiff.server.dataplane.InternalHeaders;
import dev.skiff.server.dataplane.Invocation;
import dev.skiff.server.dataplane.InvocationResult;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.ServedRevision;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of an invocation: checks the size limit while reading the body, adds the
 * forwarding headers, and writes the function's answer or the error.
 */
public final class InvokeHandler {
    private static final String REQUEST_ID = "X-Request-Id";
    private static final List<String> INTERNAL = InternalHeaders.ALL;
    private static final String ID_PREFIX = Long.toHexString(System.nanoTime() & 0xffffff) + "-";
    private static final AtomicLong IDS = new AtomicLong();
    private static final String AUTHORIZATION = "Authorization";
    private final FunctionInvoker gateway;
    private final Tokens tokens;

    /** A handler invoking through {@code gateway}; functions that require a token check callers' against {@code tokens}. */
    public InvokeHandler(FunctionInvoker gateway, Tokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    FunctionInvoker gateway() {
        return gateway;
    }

    Tokens tokens() {
        return tokens;
    }

    /** Invokes {@code target} with the request. */
    void handle(HttpServerRequest request, InvocationTarget target) {
        String function = target.function();
        String tag = target.tag();
        String uri = target.functionUri();
        ServedRevision serving;
        try {
            Route route = gateway.route(function);
            if (route == null) {
                throw SkiffException.noFunction(function);
            }
            SkiffException refusal = route.requiresToken() ? tokens.invokeRefusal(function, request.getHeader(AUTHORIZATION)) : null;
            if (refusal != null) {
                if (request.version() != HttpVersion.HTTP_2) {
                    request.response().putHeader("Connection", "close");
                }
                Errors.write(request.response(), refusal);
                return;
            }
            serving = gateway.choose(route, function, tag);
        } catch (SkiffException e) {
            Errors.write(request.response(), e);
            return;
        }
        long limit = serving.maxRequestBytes();
        String declared = request.getHeader("Content-Length");
        if (declared != null && parseLength(declared) > limit) {
            tooLarge(request, function, limit);
            return;
        }
        if (request.headers().contains("Expect", "100-continue", true)) {
            request.response().writeContinue();
        }
        Buffer body = Buffer.buffer(declared == null ? 256 : (int) Math.min(parseLength(declared), limit));
        request.handler(chunk -> {
            if (body.length() + chunk.length() > limit) {
                tooLarge(request, function, limit);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (!request.response().ended()) {
                forward(request, function, tag, serving, uri, body);
            }
        });
    }

    private void forward(HttpServerRequest request, String function, String tag, ServedRevision serving, String uri,
                         Buffer body) {
        MultiMap headers = Headers.copyEndToEnd(request.headers(), MultiMap.caseInsensitiveMultiMap());
        addForwarding(headers, request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress(),
                request.scheme() == null ? "http" : request.scheme(),
                request.authority() == null ? null : request.authority().toString());
        gateway.invoke(function, tag, serving, new Invocation(request.method(), uri, headers, body)).onComplete(ar -> {
            HttpServerResponse response = request.response();
            if (ar.failed()) {
                Errors.write(response, ar.cause());
                return;
            }
            InvocationResult result = ar.result();
            if (!response.closed()) {
                response.setStatusCode(result.status());
                response.headers().addAll(result.headers());
                response.putHeader("X-Skiff-Revision", result.revision());
                response.end(result.body());
            }
        });
    }

    /**
     * Removes the headers only Skiff may set, and adds what a proxy tells the function about the
     * request: {@code X-Request-Id} unless the client sent one, {@code X-Forwarded-For}, {@code -Proto}
     * and, when the request named one, {@code -Host}.
     */
    static void addForwarding(MultiMap headers, String clientHost, String scheme, String authority) {
        // What Skiff itself tells the gateway about a call (its activation id, the trigger delivering
        // it) is never taken from a client, who could otherwise overwrite another call's record.
        for (String internal : INTERNAL) {
            headers.remove(internal);
        }
        // A Skiff token is the caller's credential to Skiff, never the function's to keep: not passed on.
        String authorization = headers.get(AUTHORIZATION);
        if (authorization != null && TokenSecrets.carriesSkiffToken(authorization)) {
            headers.remove(AUTHORIZATION);
        }
        if (!headers.contains(REQUEST_ID)) {
            headers.set(REQUEST_ID, ID_PREFIX + IDS.incrementAndGet());
        }
        headers.add("X-Forwarded-For", clientHost);
        headers.set("X-Forwarded-Proto", scheme);
        if (authority != null) {
            headers.set("X-Forwarded-Host", authority);
        }
    }

    private static void tooLarge(HttpServerRequest request, String function, long limit) {
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        if (request.version() != HttpVersion.HTTP_2) {
            response.putHeader("Connection", "close");
        }
        Errors.write(response, SkiffException.tooLarge(function, limit));
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

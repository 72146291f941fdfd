package dev.skiff.server.front;

import dev.skiff.core.InvocationTarget;
import dev.skiff.api.Namespaces;
import dev.skiff.server.auth.Tokens;
import dev.skiff.server.dataplane.FunctionInvoker;
import dev.skiff.server.dataplane.Headers;
import dev.skiff.server.dataplane.Invocation;
import dev.skiff.server.dataplane.InvocationResult;
import dev.skiff.server.dataplane.Route;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.server.serving.ServedRevision;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The invocation fast path: a Netty handler placed in each HTTP/1.1 connection's pipeline between
 * Vert.x's codec and Vert.x's own handler, which answers {@code /function/...} and
 * {@code .../invoke} requests itself, on the connection's event loop, and hands every other request
 * to Vert.x untouched. The request's decoded headers are forwarded as they are (hop-by-hop ones
 * removed) and the function's answer is written straight back, so an invocation costs no Vert.x
 * request, response, context task or header copy: on a two-core machine those were a third of the
 * gateway's CPU per request, the CPU a reverse proxy such as nginx does not spend.
 *
 * <p>What this handler does not take goes to Vert.x's {@link InvokeHandler} path, which behaves the
 * same: a request while the server is not ready, for a function or tag that does not exist, with a
 * declared body over the limit, with {@code Expect}, an upgrade or HTTP/1.0, or one pipelined behind
 * a request Vert.x is still answering. Answers leave in request order: while Vert.x answers a
 * request, the next ones go to Vert.x too; while this handler answers one, the next requests wait,
 * read no further, until it has written its answer.
 */
final class PipelineInvoker {
    private static final String NAME = "skiff-invoke";
    private final FunctionInvoker gateway;
    private final Tokens tokens;
    private final BooleanSupplier ready;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder answered = new LongAdder();

    /**
     * An invoker through {@code gateway} while {@code ready} says the server serves; a function that
     * requires a token is called here only with a valid one of {@code tokens} (else Vert.x's path answers the 401).
     */
    PipelineInvoker(FunctionInvoker gateway, Tokens tokens, BooleanSupplier ready) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.ready = ready;
    }

    /** Puts the handler into a new connection's pipeline; HTTP/2 connections are left to Vert.x. */
    void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base && base.channel().pipeline().get("handler") != null
                && base.channel().pipeline().get("httpDecoder") != null) {
            String scheme = base.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class) != null ? "https" : "http";
            base.channel().pipeline().addBefore("handler", NAME, new Handler(base.context(), scheme));
        }
    }

    /** How many requests this path has answered. */
    long answered() {
        return answered.sum();
    }

    /** Invocations this path is answering, across connections (a stopping server waits for them). */
    int inFlight() {
        return inFlight.get();
    }

    /** One connection's handler; every method runs on its event loop. */
    private final class Handler extends ChannelDuplexHandler {
        private final ContextInternal context;
        /** Requests handed to Vert.x whose final answer Vert.x has not written yet. */
        private int vertxPending;
        /** Whether the rest of a request this handler refused (too large) is being read and dropped. */
        private boolean discarding;
        /** Whether Vert.x is writing a final answer that has not ended. */
        private boolean vertxAnswering;
        /** This handler's request: reading its body, or waiting for the function. */
        private Exchange exchange;
        /** Messages that came while this handler's request was unanswered, replayed after it. */
        private final ArrayDeque<Object> held = new ArrayDeque<>();

        /** The client's address, for X-Forwarded-For: the same for every request on the connection. */
        private String clientHost;

        /** {@code https} on a TLS connection, else {@code http}: for X-Forwarded-Proto. */
        private final String scheme;

        Handler(ContextInternal context, String scheme) {
            this.context = context;
            this.scheme = scheme;
        }

        private String clientHost(ChannelHandlerContext ctx) {
            if (clientHost == null) {
                clientHost = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                        ? address.getAddress().getHostAddress() : "";
            }
            return clientHost;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (exchange != null && exchange.answering || !held.isEmpty()) {
                held.add(msg);
                ctx.channel().config().setAutoRead(false);
            } else {
                handle(ctx, msg);
            }
        }

        private void handle(ChannelHandlerContext ctx, Object msg) {
            if (discarding) {
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
            } else if (exchange != null) {
                exchange.content(ctx, msg);
            } else if (msg instanceof HttpRequest request) {
                Exchange taken = vertxPending == 0 ? take(request) : null;
                if (taken == null) {
                    vertxPending++;
                    ctx.fireChannelRead(msg);
                } else {
                    exchange = taken;
                    inFlight.incrementAndGet();
                    if (msg instanceof HttpContent) {
                        exchange.content(ctx, msg);
                    }
                }
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            // Only Vert.x's writes come through here: this handler writes from its own context, past itself.
            if (msg instanceof HttpResponse response && response.status().code() >= 200) {
                vertxAnswering = true;
            }
            if (vertxAnswering && msg instanceof LastHttpContent) {
                vertxAnswering = false;
                if (vertxPending > 0) {
                    vertxPending--;
                }
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (exchange != null) {
                exchange.closed();
            }
            releaseHeld();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            releaseHeld();
        }

        private void releaseHeld() {
            while (!held.isEmpty()) {
                ReferenceCountUtil.release(held.poll());
            }
        }

        /** The exchange for {@code request} if this handler takes it, else null. */
        private Exchange take(HttpRequest request) {
            if (!request.decoderResult().isSuccess() || request.protocolVersion() != HttpVersion.HTTP_1_1
                    || !ready.getAsBoolean()) {
                return null;
            }
            HttpHeaders headers = request.headers();
            // An upgrade to h2c (Java's HttpClient asks for one) is declined as Vert.x, with h2c off, declines it.
            if (headers.contains(HttpHeaderNames.EXPECT)
                    || headers.contains(HttpHeaderNames.UPGRADE) && !headers.contains(HttpHeaderNames.UPGRADE, "h2c", true)) {
                return null;
            }
            InvocationTarget target = InvocationTarget.of(request.uri());
            if (target == null) {
                return null;
            }
            Route route = gateway.route(target.function());
            if (route == null || route.requiresToken()
                    && !tokens.allowsInvoke(headers.get(HttpHeaderNames.AUTHORIZATION), Namespaces.namespaceOf(target.function()))) {
                return null;
            }
            ServedRevision serving;
            try {
                serving = gateway.choose(route, target.function(), target.tag());
            } catch (SkiffException e) {
                return null;
            }
            long limit = serving.maxRequestBytes();
            long declared = HttpUtil.getContentLength(request, -1L);
            if (declared > limit) {
                return null;
            }
            return new Exchange(request, target, serving, limit, declared);
        }

        /**
         * Handles what came while an exchange was answered, in order, and reads on. What went to
         * Vert.x is followed by a read-complete: Vert.x holds its writes back until one comes.
         */
        private void replay(ChannelHandlerContext ctx) {
            boolean any = !held.isEmpty();
            while (!held.isEmpty() && (exchange == null || !exchange.answering)) {
                handle(ctx, held.poll());
            }
            if (any) {
                ctx.fireChannelReadComplete();
            }
            if (held.isEmpty() && ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }
        }

        /** One invocation on this connection. */
        private final class Exchange {
            private final HttpRequest request;
            private final InvocationTarget target;
            private final ServedRevision serving;
            private final long limit;
            /** Read before the hop-by-hop headers, Connection among them, are stripped for the function. */
            private final boolean keepAlive;
            private Buffer body;
            private boolean answering;
            private boolean closed;

            Exchange(HttpRequest request, InvocationTarget target, ServedRevision serving, long limit, long declared) {
                this.request = request;
                this.target = target;
                this.serving = serving;
                this.limit = limit;
                this.keepAlive = HttpUtil.isKeepAlive(request);
                this.body = Buffer.buffer(declared > 0 ? (int) declared : 0);
            }

            void content(ChannelHandlerContext ctx, Object msg) {
                if (!(msg instanceof HttpContent content)) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                try {
                    ByteBuf chunk = content.content();
                    if ((long) body.length() + chunk.readableBytes() > limit) {
                        discarding = !(msg instanceof LastHttpContent);
                        tooLarge(ctx);
                        return;
                    }
                    // A Vert.x buffer's bytes are on the heap and need no release, whoever ends up holding them.
                    ((BufferInternal) body).unwrap().writeBytes(chunk);
                } finally {
                    content.release();
                }
                if (msg instanceof LastHttpContent) {
                    answering = true;
                    forward(ctx);
                }
            }

            private void forward(ChannelHandlerContext ctx) {
                HttpHeaders headers = request.headers();
                String authority = headers.get(HttpHeaderNames.HOST);
                Headers.endToEnd(headers);
                MultiMap forwarded = headers instanceof MultiMap map ? map : new HeadersAdaptor(headers);
                InvokeHandler.addForwarding(forwarded, clientHost(ctx), scheme, authority);
                Invocation invocation = new Invocation(HttpMethod.valueOf(request.method().name()), target.functionUri(),
                        forwarded, body);
                gateway.invoke(context, target.function(), target.tag(), serving, invocation).onComplete(ar -> {
                    if (closed) {
                        return;
                    }
                    if (ar.succeeded()) {
                        InvocationResult result = ar.result();
                        respond(ctx, result.status(), result.headers(), result.body(), result.revision());
                    } else {
                        error(ctx, Errors.classify(ar.cause()), false);
                    }
                });
            }

            private void tooLarge(ChannelHandlerContext ctx) {
                answering = true;
                error(ctx, SkiffException.tooLarge(target.function(), limit), true);
            }

            private void error(ChannelHandlerContext ctx, SkiffException failure, boolean close) {
                write(ctx, NettyAnswers.error(failure, !close && keepAlive), !close && keepAlive);
            }

            private void respond(ChannelHandlerContext ctx, int status, MultiMap from, Buffer content, String revision) {
                write(ctx, NettyAnswers.answer(status, from, content, revision, keepAlive), keepAlive);
            }

            private void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
                answered.increment();
                done();
                var written = ctx.writeAndFlush(response);
                if (keepAlive) {
                    replay(ctx);
                } else {
                    written.addListener(ChannelFutureListener.CLOSE);
                }
            }

            /** The connection closed under the exchange: the answer, when it comes, is dropped. */
            void closed() {
                closed = true;
                done();
            }

            private void done() {
                if (exchange == this) {
                    exchange = null;
                    inFlight.decrementAndGet();
                }
            }
        }
    }
}

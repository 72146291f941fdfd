package dev.skiff.server.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.spi.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Forwards one request to an instance over a pooled keep-alive HTTP/1.1 connection, on the event
 * loop the request arrived on: to its Unix socket when it has one, else to its loopback port. A
 * thin Netty pipeline (codec and aggregator) instead of Vert.x's HTTP client: the client's
 * connection pool, endpoint resolution and future chain cost more CPU per request than the whole
 * exchange, and on a two-core machine that CPU is taken from the function.
 *
 * <p>Each event loop has its own idle connections per instance port, touched only on that loop, so
 * there is no lock. A connection the instance closed while idle is dropped when Netty reports it; a
 * request whose reused connection breaks before any answer is sent again on a new one.
 */
final class Forwarder {
    private static final String LOOPBACK = "127.0.0.1";
    private static final int MAX_RESPONSE_BYTES = 1 << 30;
    private final Transport transport;
    private final ChannelFactory<? extends Channel> channels;
    private final ChannelFactory<? extends Channel> domainChannels;
    private final IntPredicate socketPeer;
    private final ThreadLocal<Map<Integer, ArrayDeque<Channel>>> idle = ThreadLocal.withInitial(HashMap::new);

    /**
     * A forwarder on {@code vertx}'s transport; a connection to a worker's Unix socket is used only
     * when its peer's uid ({@code SO_PEERCRED}) passes {@code socketPeer}, else the worker is reached
     * on its port: a function owns its socket's directory and could put a link to any host socket
     * there (a container engine's, say), which the server, as root, would otherwise follow.
     */
    Forwarder(Vertx vertx, IntPredicate socketPeer) {
        this.socketPeer = socketPeer;
        this.transport = ((VertxInternal) vertx).transport();
        this.channels = transport.channelFactory(false);
        this.domainChannels = transport.supportsDomainSockets() ? transport.channelFactory(true) : null;
    }

    /** True when this Vert.x's transport can connect to a Unix socket. */
    static boolean reachesSockets(Vertx vertx) {
        return ((VertxInternal) vertx).transport().supportsDomainSockets();
    }

    /** What becomes of one forwarded request; called once, on the event loop. */
    interface Listener {
        void answered(int status, MultiMap headers, Buffer body);

        void failed(Throwable cause);
    }

    /**
     * Sends the request to the instance on {@code port}, through {@code socket} when it has one, on
     * {@code loop} (the caller must be on it); returns the exchange, which {@link Exchange#abort}
     * cuts short (a timeout). An instance keeps one way in for its life: connections are pooled by port.
     */
    Exchange send(EventLoop loop, int port, Optional<Path> socket, io.vertx.core.http.HttpMethod method, String uri,
                  MultiMap headers, Buffer body, Listener listener) {
        // Headers the front built are Vert.x's Netty-backed kind: they go out as they are, not copied.
        ByteBuf content = ((BufferInternal) body).getByteBuf();
        HttpHeaders out;
        if (headers instanceof HttpHeaders netty) {
            out = netty;
        } else {
            out = new DefaultHttpHeaders();
            headers.forEach((String name, String value) -> out.add(name, value));
        }
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method.name()),
                uri, content, out, EmptyHttpHeaders.INSTANCE);
        out.set(HttpHeaderNames.HOST, LOOPBACK + ":" + port);
        // A GET or HEAD without a body goes without a length, as clients send them: a request with
        // neither Content-Length nor Transfer-Encoding has no body (RFC 9112, 6.3), and each header
        // costs the worker a parse (about 0.7 us a call in Python). Other methods keep an explicit
        // length, even 0, for servers that want one on a POST.
        if (content.isReadable() || !(io.vertx.core.http.HttpMethod.GET.equals(method)
                || io.vertx.core.http.HttpMethod.HEAD.equals(method))) {
            out.set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        }
        Exchange exchange = new Exchange(loop, port, socket, request, listener);
        exchange.start();
        return exchange;
    }

    /** One request on its way; owned by its event loop. */
    final class Exchange {
        private final EventLoop loop;
        private final int port;
        private final Optional<Path> socket;
        private final FullHttpRequest request;
        private final Listener listener;
        private Channel channel;
        private boolean reused;
        private boolean done;

        Exchange(EventLoop loop, int port, Optional<Path> socket, FullHttpRequest request, Listener listener) {
            this.loop = loop;
            this.port = port;
            this.socket = socket;
            this.request = request;
            this.listener = listener;
        }

        void start() {
            ArrayDeque<Channel> pool = idle.get().get(port);
            Channel pooled = null;
            while (pool != null && !pool.isEmpty() && pooled == null) {
                Channel candidate = pool.pollLast();
                if (candidate.isActive()) {
                    pooled = candidate;
                }
            }
            if (pooled != null) {
                reused = true;
                write(pooled);
            } else {
                connect(viaSocket());
            }
        }

        /** True when the instance has a socket and this transport can reach it. */
        private boolean viaSocket() {
            return socket.isPresent() && domainChannels != null;
        }

        /**
         * Opens a connection, to the socket if {@code domain}; a socket that refuses it (its file
         * removed: the function's own directory is writable by the function) falls back to the
         * port, on which every worker also listens.
         */
        private void connect(boolean domain) {
            reused = false;
            Bootstrap bootstrap = new Bootstrap().group(loop).channelFactory(domain ? domainChannels : channels);
            if (!domain) {
                bootstrap.option(ChannelOption.TCP_NODELAY, true);
            }
            SocketAddress address = domain
                    ? transport.convert(io.vertx.core.net.SocketAddress.domainSocketAddress(socket.get().toString()))
                    : new InetSocketAddress(LOOPBACK, port);
            bootstrap.handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                            new Connection(port));
                }
            });
            bootstrap.connect(address).addListener(f -> {
                if (f.isSuccess() && domain && !trusted(((io.netty.channel.ChannelFuture) f).channel())) {
                    ((io.netty.channel.ChannelFuture) f).channel().close();
                    if (!done) {
                        connect(false);
                    }
                } else if (f.isSuccess()) {
                    write(((io.netty.channel.ChannelFuture) f).channel());
                } else if (domain && !done) {
                    connect(false);
                } else {
                    finish(null, f.cause());
                }
            });
        }

        /** True when the process answering on {@code ch}, a Unix socket, runs as a worker may. */
        private boolean trusted(Channel ch) {
            if (!(ch instanceof EpollDomainSocketChannel epoll)) {
                return socketPeer.test(-1);
            }
            try {
                return socketPeer.test(epoll.peerCredentials().uid());
            } catch (IOException e) {
                return false;
            }
        }

        private void write(Channel ch) {
            if (done) {
                release(ch);
                return;
            }
            channel = ch;
            ch.pipeline().get(Connection.class).exchange = this;
            ch.writeAndFlush(request.retainedDuplicate()).addListener(f -> {
                if (!f.isSuccess()) {
                    broken(ch, f.cause());
                }
            });
        }

        /** The connection broke before an answer: a reused one is retried once on a new connection. */
        private void broken(Channel ch, Throwable cause) {
            if (done || channel != ch) {
                return;
            }
            channel = null;
            ch.close();
            if (reused) {
                connect(viaSocket());
            } else {
                finish(null, cause);
            }
        }

        private void answered(Channel ch, FullHttpResponse response) {
            channel = null;
            MultiMap headers = new NettyHeaders(Headers.endToEnd(response.headers()));
            Buffer body = Buffer.buffer(ByteBufUtil.getBytes(response.content()));
            if (HttpUtil.isKeepAlive(response)) {
                release(ch);
            } else {
                ch.close();
            }
            finish(new Answer(response.status().code(), headers, body), null);
        }

        private void release(Channel ch) {
            if (ch.isActive()) {
                idle.get().computeIfAbsent(port, p -> new ArrayDeque<>()).addLast(ch);
            }
        }

        /** Cuts the exchange short: its connection is closed, so the instance sees the request reset. */
        void abort() {
            if (loop.inEventLoop()) {
                abortHere();
            } else {
                loop.execute(this::abortHere);
            }
        }

        private void abortHere() {
            done = true;
            Channel ch = channel;
            channel = null;
            if (ch != null) {
                ch.close();
            }
            request.release();
        }

        private void finish(Answer answer, Throwable failure) {
            if (done) {
                return;
            }
            done = true;
            request.release();
            if (failure == null) {
                listener.answered(answer.status, answer.headers, answer.body);
            } else {
                listener.failed(failure);
            }
        }
    }

    private record Answer(int status, MultiMap headers, Buffer body) {}

    /** The pipeline's end: hands the answer to the exchange using the connection. */
    private static final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final int port;
        private Exchange exchange;

        Connection(int port) {
            this.port = port;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return; // an interim answer (100 Continue, 103 Early Hints): the final one follows
            }
            Exchange current = exchange;
            exchange = null;
            if (current != null) {
                current.answered(ctx.channel(), response);
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange current = exchange;
            exchange = null;
            if (current != null) {
                current.broken(ctx.channel(), new IOException("the instance on port " + port + " closed the connection"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Exchange current = exchange;
            exchange = null;
            ctx.close();
            if (current != null) {
                current.broken(ctx.channel(), cause);
            }
        }
    }
}

package dev.skiff.server.dataplane;

import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.http.impl.headers.HeadersAdaptor;

/** A function's answer headers as Vert.x's {@code MultiMap}, keeping Netty's for a path that writes them back as they are. */
public final class NettyHeaders extends HeadersAdaptor {
    private final HttpHeaders netty;

    NettyHeaders(HttpHeaders netty) {
        super(netty);
        this.netty = netty;
    }

    /** The Netty headers underneath, to write back as they are. */
    public HttpHeaders netty() {
        return netty;
    }
}

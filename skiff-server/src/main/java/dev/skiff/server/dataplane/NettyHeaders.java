package dev.skiff.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.http.impl.headers.HeadersAdaptor;

/** A function's answer headers as Vert.x's {@code MultiMap}, keeping Netty's for a path that writes them back as they are. */
final class NettyHeaders extends HeadersAdaptor {
    private final HttpHeaders netty;

    NettyHeaders(HttpHeaders netty) {
        super(netty);
        this.netty = netty;
    }

    HttpHeaders netty() {
        return netty;
    }
}

package dev.skiff.server.front;

import dev.skiff.server.dataplane.NettyHeaders;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.Errors;
import dev.skiff.server.errors.SkiffException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The fast path's answers as Netty responses: a function's, with {@code X-Skiff-Revision}, or an error's JSON. */
final class NettyAnswers {
    private NettyAnswers() {}

    /** The function's answer; its headers are the forwarder's own Netty headers when they are, else copied. */
    static FullHttpResponse answer(int status, MultiMap from, Buffer content, String revision, boolean keepAlive) {
        HttpHeaders headers = from instanceof NettyHeaders netty ? netty.netty() : copy(from);
        headers.set("X-Skiff-Revision", revision);
        return response(status, headers, ((BufferInternal) content).getByteBuf(), keepAlive);
    }

    /** The {@code {error, message}} answer for {@code failure}, with {@code Retry-After} when it is a 503. */
    static FullHttpResponse error(SkiffException failure, boolean keepAlive) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (failure.code() == ErrorCode.UNAVAILABLE || failure.code() == ErrorCode.QUOTA_EXCEEDED) {
            headers.set(HttpHeaderNames.RETRY_AFTER, Errors.RETRY_AFTER_SECONDS);
        }
        byte[] json = Errors.json(failure, Map.of()).getBytes(StandardCharsets.UTF_8);
        return response(failure.code().status(), headers, Unpooled.wrappedBuffer(json), keepAlive);
    }

    private static FullHttpResponse response(int status, HttpHeaders headers, ByteBuf content, boolean keepAlive) {
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content, headers,
                EmptyHttpHeaders.INSTANCE);
    }

    private static HttpHeaders copy(MultiMap from) {
        HttpHeaders to = new DefaultHttpHeaders();
        from.forEach((String name, String value) -> to.add(name, value));
        return to;
    }
}

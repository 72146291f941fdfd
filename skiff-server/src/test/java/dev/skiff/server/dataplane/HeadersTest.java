package dev.skiff.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class HeadersTest {
    @Test
    void endToEnd_dropsTheListedHopByHopHeadersAndThoseConnectionNames_inAnyCase() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Host", "example.test").add("CONNECTION", "keep-alive, X-Hop ,Upgrade").add("X-Hop", "one hop")
                .add("Keep-Alive", "timeout=5").add("Transfer-Encoding", "chunked").add("Content-Type", "text/plain")
                .add("X-Kept", "a").add("X-Kept", "b");

        Headers.endToEnd(headers);

        assertThat(headers.names()).containsExactlyInAnyOrder("Content-Type", "X-Kept");
        assertThat(headers.getAll("X-Kept")).containsExactly("a", "b");
    }

    @Test
    void copyEndToEnd_copiesTheSameHeadersTheInPlaceFormKeeps() {
        MultiMap from = MultiMap.caseInsensitiveMultiMap()
                .add("Host", "example.test").add("Connection", "close, x-hop").add("X-HOP", "one hop").add("TE", "trailers")
                .add("Accept", "*/*").add("X-Request-Id", "abc");

        MultiMap copied = Headers.copyEndToEnd(from, MultiMap.caseInsensitiveMultiMap());

        assertThat(copied.names()).containsExactlyInAnyOrder("Accept", "X-Request-Id");
    }
}

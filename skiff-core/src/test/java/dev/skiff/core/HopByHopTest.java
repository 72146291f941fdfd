package dev.skiff.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HopByHopTest {
    @Test
    void knowsTheListedNamesInAnyCase() {
        assertThat(HopByHop.listed("content-LENGTH")).isTrue();
        assertThat(HopByHop.listed("Proxy-Authorization")).isTrue();
        assertThat(HopByHop.listed("TE")).isTrue();
        assertThat(HopByHop.listed("tex")).isFalse();
        assertThat(HopByHop.listed("Content-Type")).isFalse();
        assertThat(HopByHop.isConnection("CONNECTION")).isTrue();
    }

    @Test
    void copiesTheEndToEndHeadersInOrder() {
        List<Map.Entry<String, String>> from = List.of(Map.entry("Host", "example.test"),
                Map.entry("Connection", "close, x-hop"), Map.entry("X-HOP", "one hop"), Map.entry("Accept", "*/*"),
                Map.entry("TE", "trailers"), Map.entry("X-Kept", "a"), Map.entry("X-Kept", "b"));
        List<String> copied = new ArrayList<>();

        HopByHop.copyEndToEnd(from, (name, value) -> copied.add(name + "=" + value));

        assertThat(copied).containsExactly("Accept=*/*", "X-Kept=a", "X-Kept=b");
    }

    @Test
    void dropsWhatTheConnectionHeaderNames() {
        List<String> named = HopByHop.named(" keep-alive, X-Hop ,,Upgrade");

        assertThat(named).containsExactly("keep-alive", "X-Hop", "Upgrade");
        assertThat(HopByHop.dropped("x-hop", named)).isTrue();
        assertThat(HopByHop.dropped("Host", named)).isTrue();
        assertThat(HopByHop.dropped("X-Kept", named)).isFalse();
    }
}

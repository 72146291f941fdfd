package dev.skiff.server.http;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/** Which headers travel through a proxy: all but the hop-by-hop ones (RFC 9110, section 7.6.1). */
public final class Headers {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "host", "content-length");

    private Headers() {}

    /** Copies the end-to-end headers of {@code from} into {@code to}. */
    public static MultiMap copyEndToEnd(MultiMap from, MultiMap to) {
        from.forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                to.add(name, value);
            }
        });
        return to;
    }
}

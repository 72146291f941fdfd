package dev.skiff.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which headers travel through a proxy: all but the hop-by-hop ones (RFC 9110, section 7.6.1):
 * those of the fixed list and those the {@code Connection} header names. Host and Content-Length
 * are dropped too: the forwarder sets its own.
 */
public final class Headers {
    private static final AsciiString[] HOP_BY_HOP = {AsciiString.of("connection"), AsciiString.of("keep-alive"),
            AsciiString.of("proxy-connection"), AsciiString.of("proxy-authenticate"), AsciiString.of("proxy-authorization"),
            AsciiString.of("te"), AsciiString.of("trailer"), AsciiString.of("transfer-encoding"), AsciiString.of("upgrade"),
            AsciiString.of("host"), AsciiString.of("content-length")};
    private static final AsciiString CONNECTION = HOP_BY_HOP[0];

    private Headers() {}

    /** Whether {@code name} is one of the listed hop-by-hop headers, in any case. */
    static boolean hopByHop(CharSequence name) {
        for (AsciiString hop : HOP_BY_HOP) {
            if (hop.length() == name.length() && hop.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the hop-by-hop headers from {@code headers}, in place; answers them. One pass over the
     * headers, removing only those present: most requests carry none but Host.
     */
    static HttpHeaders endToEnd(HttpHeaders headers) {
        List<CharSequence> drop = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = entries.next();
            if (hopByHop(header.getKey())) {
                drop = drop == null ? new ArrayList<>(4) : drop;
                drop.add(header.getKey().toString());
                if (CONNECTION.contentEqualsIgnoreCase(header.getKey())) {
                    for (String named : header.getValue().toString().split(",")) {
                        drop.add(named.strip());
                    }
                }
            }
        }
        if (drop != null) {
            for (CharSequence name : drop) {
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        return headers;
    }

    /** Copies the end-to-end headers of {@code from} into {@code to}. */
    public static MultiMap copyEndToEnd(MultiMap from, MultiMap to) {
        List<String> named = new ArrayList<>();
        for (String connection : from.getAll("Connection")) {
            for (String name : connection.split(",")) {
                named.add(name.strip());
            }
        }
        from.forEach((name, value) -> {
            if (!hopByHop(name) && named.stream().noneMatch(name::equalsIgnoreCase)) {
                to.add(name, value);
            }
        });
        return to;
    }
}

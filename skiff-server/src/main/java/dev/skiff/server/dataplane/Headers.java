package dev.skiff.server.dataplane;

import dev.skiff.core.HopByHop;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Which headers travel through the gateway: all but the hop-by-hop ones ({@link HopByHop}). */
public final class Headers {
    private Headers() {}

    /**
     * Removes the hop-by-hop headers from {@code headers}, in place; answers them. One pass over the
     * headers, removing only those present: most requests carry none but Host.
     */
    public static HttpHeaders endToEnd(HttpHeaders headers) {
        List<String> drop = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = entries.next();
            if (HopByHop.listed(header.getKey())) {
                drop = drop == null ? new ArrayList<>(4) : drop;
                drop.add(header.getKey().toString());
                if (HopByHop.isConnection(header.getKey())) {
                    drop.addAll(HopByHop.named(header.getValue()));
                }
            }
        }
        if (drop != null) {
            for (String name : drop) {
                headers.remove(name);
            }
        }
        return headers;
    }

    /** Copies the end-to-end headers of {@code from} into {@code to}. */
    public static MultiMap copyEndToEnd(MultiMap from, MultiMap to) {
        HopByHop.copyEndToEnd(from, to::add);
        return to;
    }
}

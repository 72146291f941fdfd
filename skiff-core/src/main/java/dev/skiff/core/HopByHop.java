package dev.skiff.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Which request and response headers a proxy must not pass on (RFC 9110, section 7.6.1): the
 * hop-by-hop ones of the fixed list, and those a {@code Connection} header names. Host and
 * Content-Length are in the list too, since a gateway sets its own, and Expect: the gateway answers
 * {@code 100-continue} itself and forwards the body whole, so an instance never needs to ask for it
 * (one that did answered with a {@code 100} the client took for the function's). Shared by the embedded gateway
 * and the in-cluster one; names compare without regard to ASCII case and without allocating.
 */
public final class HopByHop {
    private static final String CONNECTION = "connection";
    private static final String[] NAMES = {CONNECTION, "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect"};

    private HopByHop() {}

    /** Passes each end-to-end header of {@code from} to {@code to}, in order. */
    public static void copyEndToEnd(Iterable<Map.Entry<String, String>> from, BiConsumer<String, String> to) {
        List<String> named = new ArrayList<>();
        for (Map.Entry<String, String> header : from) {
            if (isConnection(header.getKey())) {
                named.addAll(named(header.getValue()));
            }
        }
        for (Map.Entry<String, String> header : from) {
            if (!dropped(header.getKey(), named)) {
                to.accept(header.getKey(), header.getValue());
            }
        }
    }

    /** Whether {@code name} is one of the listed hop-by-hop headers. */
    public static boolean listed(CharSequence name) {
        for (String hop : NAMES) {
            if (equalsIgnoreCase(hop, name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is {@code Connection}. */
    public static boolean isConnection(CharSequence name) {
        return equalsIgnoreCase(CONNECTION, name);
    }

    /** The header names a {@code Connection} header's value lists ({@code keep-alive, X-Hop}), trimmed. */
    public static List<String> named(CharSequence connectionValue) {
        List<String> names = new ArrayList<>(2);
        for (String name : connectionValue.toString().split(",")) {
            String trimmed = name.strip();
            if (!trimmed.isEmpty()) {
                names.add(trimmed);
            }
        }
        return names;
    }

    /** Whether {@code name} is listed, or one of {@code named} (the Connection header's names). */
    static boolean dropped(CharSequence name, List<String> named) {
        if (listed(name)) {
            return true;
        }
        for (String other : named) {
            if (equalsIgnoreCase(other, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoreCase(String a, CharSequence b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && toLower(x) != toLower(y)) {
                return false;
            }
        }
        return true;
    }

    private static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}

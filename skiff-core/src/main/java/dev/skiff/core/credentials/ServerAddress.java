package dev.skiff.core.credentials;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * A server's address as the CLI configuration keys it: {@code scheme://host:port}, lower-case, the
 * port always written, no path. The loopback names ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}) are one server, keyed as {@code 127.0.0.1}: a server bound to loopback answers on
 * all of them, and a user types any. Pure.
 */
public final class ServerAddress {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "::", "[::]");

    private ServerAddress() {}

    /** The key of {@code url}, e.g. {@code http://localhost:8080/} is {@code http://127.0.0.1:8080}. */
    public static String key(URI url) {
        String scheme = url.getScheme() == null ? "http" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (LOOPBACK.contains(host)) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + host + ":" + port;
    }

    /** The key of {@code url} given as text; an {@link IllegalArgumentException} when it is not a URL. */
    public static String key(String url) {
        try {
            return key(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a server URL such as http://127.0.0.1:8080", e);
        }
    }
}

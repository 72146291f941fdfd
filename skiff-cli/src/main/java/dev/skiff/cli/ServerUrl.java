package dev.skiff.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/** Where the client finds the server: {@code --server}, else {@code SKIFF_URL}, else the local default. */
public final class ServerUrl {
    /** The address {@code skiff server} listens on by default. */
    public static final String DEFAULT = "http://127.0.0.1:8080";
    /** The environment variable that names the server. */
    public static final String ENV = "SKIFF_URL";

    private ServerUrl() {}

    /** The server's base URI, without a trailing slash; an {@link IllegalArgumentException} if it is not http(s). */
    public static URI resolve(String flag, Map<String, String> env) {
        String text = flag;
        String from = "--server";
        if (text == null || text.isBlank()) {
            text = env.get(ENV);
            from = ENV;
        }
        if (text == null || text.isBlank()) {
            text = DEFAULT;
        }
        return parse(text.strip(), from);
    }

    private static URI parse(String text, String from) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        try {
            URI uri = new URI(trimmed);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(from + ": '" + text + "' is not a server URL such as " + DEFAULT);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(from + ": '" + text + "' is not a server URL such as " + DEFAULT, e);
        }
    }
}

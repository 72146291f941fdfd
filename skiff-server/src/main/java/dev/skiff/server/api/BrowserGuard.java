package dev.skiff.server.api;

import java.net.IDN;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps web pages away from the management routes. A page the user opens can send a request to
 * Skiff on 127.0.0.1 (a form, {@code fetch} without CORS), or reach it by a name of its own that
 * resolves to 127.0.0.1 (DNS rebinding). Refused, in this order: a {@code Host} whose name the server
 * does not answer to (loopback names and IP literals always; other names only when given with
 * {@code --allowed-host}: a name is what a rebinding attack needs, an address is not); an
 * {@code Origin} that is not the request's own ({@code null} included); a browser's
 * {@code Sec-Fetch-Site} of {@code cross-site} or {@code same-site}. Requests without those headers
 * (the CLI, curl, scripts) pass. Pure.
 */
public final class BrowserGuard {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Set<String> BROWSER_ONLY_SITES = Set.of("cross-site", "same-site");

    private final Set<String> allowedNames;

    /** Answers to the loopback names, IP literals, and {@code allowedHosts} (names, any case). */
    public BrowserGuard(List<String> allowedHosts) {
        this.allowedNames = allowedHosts.stream().map(BrowserGuard::normalName).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Why a request with these headers (each null when absent) is refused, or empty when it may go on.
     */
    public Optional<String> refusal(String host, String origin, String fetchSite) {
        if (host == null || host.isBlank()) {
            return Optional.of("the request names no Host");
        }
        String name = hostName(host);
        if (!answersTo(name)) {
            return Optional.of("this server does not answer to the host name '" + name + "': a page reaching it by a name "
                    + "of its own (DNS rebinding) is refused; start it with --allowed-host " + name
                    + " if that is a name of this machine");
        }
        if (origin != null && !sameOrigin(origin, host)) {
            return Optional.of("a request from the web page at " + origin + " is refused: the management API answers "
                    + "the CLI and scripts, not other sites");
        }
        if (fetchSite != null && BROWSER_ONLY_SITES.contains(fetchSite.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("a request a browser sent from another site (Sec-Fetch-Site: " + fetchSite.strip()
                    + ") is refused");
        }
        return Optional.empty();
    }

    private boolean answersTo(String name) {
        return LOOPBACK.contains(name) || isAddress(name) || allowedNames.contains(name);
    }

    /** The name of a {@code Host} header: without its port and brackets, lower-case. */
    static String hostName(String host) {
        String value = host.strip();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return normalName(end < 0 ? value.substring(1) : value.substring(1, end));
        }
        int colon = value.lastIndexOf(':');
        return normalName(colon < 0 ? value : value.substring(0, colon));
    }

    private static String normalName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        String trimmed = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        try {
            return IDN.toASCII(trimmed);
        } catch (IllegalArgumentException e) {
            return trimmed;
        }
    }

    private static boolean isAddress(String name) {
        return IPV4.matcher(name).matches() || name.contains(":");
    }

    /** True when {@code origin} is {@code http://} or {@code https://} followed by exactly the request's {@code Host}. */
    static boolean sameOrigin(String origin, String host) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
            return false;
        }
        return uri.getRawAuthority().equalsIgnoreCase(host.strip());
    }
}

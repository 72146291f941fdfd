package dev.skiff.server.activations;

import dev.skiff.api.Quote;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a callback may go: an http or https URL whose host the server allows
 * ({@code skiff server --allow-callback-host}, matched exactly, ignoring case) or whose every
 * address lies outside the {@link ForbiddenRanges}.
 */
public final class CallbackTargets {
    private final Set<String> allowed;
    private final Resolver resolver;

    /** Resolves a host name, or reads an IP literal, to every address it has. */
    @FunctionalInterface
    public interface Resolver {
        /** The addresses of {@code host}. */
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Targets allowing {@code allowedHosts} (names or IP literals), resolving with the JDK's resolver. */
    public CallbackTargets(Collection<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    /** Targets allowing {@code allowedHosts}, resolving with {@code resolver}. */
    public CallbackTargets(Collection<String> allowedHosts, Resolver resolver) {
        this.allowed = allowedHosts.stream().map(CallbackTargets::normalized).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** The callback's URL, or a refusal when {@code url} is not an http or https URL with a host. */
    URI parse(String url) throws CallbackRefused {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new CallbackRefused(Quote.value(url) + " is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CallbackRefused(Quote.value(url) + " is not an http or https URL");
        }
        if (uri.getHost() == null) {
            throw new CallbackRefused(Quote.value(url) + " is not a URL with a host name or address");
        }
        return uri;
    }

    /**
     * Every address of {@code uri}'s host, resolved once; a refusal when the host is not allowed and
     * any of them lies in a forbidden range.
     */
    List<InetAddress> addresses(URI uri) throws CallbackRefused, UnknownHostException {
        String host = normalized(uri.getHost());
        List<InetAddress> addresses = List.of(resolver.resolve(host));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        if (allowed.contains(host)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String range = ForbiddenRanges.of(address);
            if (range != null) {
                String shown = address.getHostAddress();
                throw new CallbackRefused("callbacks may not go to " + host
                        + (normalized(shown).equals(host) ? "" : ", which resolves to " + shown) + ", " + range
                        + "; the server's operator can allow the host with skiff server --allow-callback-host " + host);
            }
        }
        return addresses;
    }

    /** A host as the allow list keeps it: lower case, without an IPv6 literal's brackets. */
    private static String normalized(String host) {
        String bare = host.strip().toLowerCase(Locale.ROOT);
        return bare.startsWith("[") && bare.endsWith("]") ? bare.substring(1, bare.length() - 1) : bare;
    }
}

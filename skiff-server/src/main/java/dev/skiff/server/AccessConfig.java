package dev.skiff.server;

import java.util.List;

/**
 * Who may reach the management API.
 *
 * @param allowedHosts host names, besides the loopback names and IP addresses, that requests may
 *     name in their {@code Host} ({@code --allowed-host}): the names the server is reached by when
 *     it serves beyond loopback. Any other name is refused, which keeps out DNS rebinding
 */
public record AccessConfig(List<String> allowedHosts) {
    /** The default: loopback names and addresses only. */
    public static final AccessConfig DEFAULT = new AccessConfig(List.of());

    /** Null is none; the list is copied. */
    public AccessConfig {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}

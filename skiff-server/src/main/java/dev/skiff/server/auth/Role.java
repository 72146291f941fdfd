package dev.skiff.server.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a token may do; each role may do all that the ones before it may. The namespaces issue
 * scopes developer and invoker tokens to namespaces: that narrows where a role applies, not what it
 * means.
 */
public enum Role {
    /** Invokes functions that require a token ({@code auth: token}), posts events, reads metrics. */
    INVOKER,
    /** Deploys, updates, deletes and invokes functions; reads their logs, events and activations; volumes under the data directory. */
    DEVELOPER,
    /** Everything: tokens, volumes on host directories, server settings. */
    ADMIN;

    /** True when this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The name the API and CLI use: {@code admin}, {@code developer}, {@code invoker}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} (any case), if there is one. */
    public static Optional<Role> parse(String text) {
        return text == null ? Optional.empty()
                : Arrays.stream(values()).filter(role -> role.text().equalsIgnoreCase(text.strip())).findFirst();
    }

    /** The roles' names, for messages: {@code admin, developer, invoker}. */
    public static String names() {
        return Arrays.stream(values()).map(Role::text).sorted().collect(Collectors.joining(", "));
    }
}

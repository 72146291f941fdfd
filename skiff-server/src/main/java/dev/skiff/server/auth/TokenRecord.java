package dev.skiff.server.auth;

import java.time.Instant;
import java.util.List;

/**
 * A token as the store keeps it: never the secret, only its hash.
 *
 * @param name the token's name, unique on the server ({@code admin} is the server's own)
 * @param role what it may do
 * @param hash the SHA-256 of the secret, hexadecimal ({@link TokenSecrets#hash})
 * @param created when it was made
 * @param lastUsed when a request last presented it; null when none has
 * @param namespaces the namespaces a developer or invoker token reaches (tokens made before
 *     namespaces existed reach {@code default}, where everything then was); empty for an admin
 *     token, which reaches every namespace
 */
public record TokenRecord(String name, Role role, String hash, Instant created, Instant lastUsed, List<String> namespaces) {
    /** Copies the namespaces; null is none. */
    public TokenRecord {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }

    /** This record, last used at {@code when}. */
    public TokenRecord usedAt(Instant when) {
        return new TokenRecord(name, role, hash, created, when, namespaces);
    }

    /** True when it may act in {@code namespace}: an admin token anywhere, another in its namespaces. */
    public boolean reaches(String namespace) {
        return role == Role.ADMIN || namespaces.contains(namespace);
    }
}

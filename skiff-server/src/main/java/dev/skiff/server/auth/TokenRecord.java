package dev.skiff.server.auth;

import java.time.Instant;

/**
 * A token as the store keeps it: never the secret, only its hash. The namespaces issue adds the
 * namespaces a developer or invoker token reaches as a field of its own.
 *
 * @param name the token's name, unique on the server ({@code admin} is the server's own)
 * @param role what it may do
 * @param hash the SHA-256 of the secret, hexadecimal ({@link TokenSecrets#hash})
 * @param created when it was made
 * @param lastUsed when a request last presented it; null when none has
 */
public record TokenRecord(String name, Role role, String hash, Instant created, Instant lastUsed) {
    /** This record, last used at {@code when}. */
    public TokenRecord usedAt(Instant when) {
        return new TokenRecord(name, role, hash, created, when);
    }
}

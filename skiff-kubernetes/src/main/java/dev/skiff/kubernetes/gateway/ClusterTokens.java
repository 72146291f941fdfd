package dev.skiff.kubernetes.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the cluster gateway's agent API: the tokens of the Secret {@value #SECRET} in the
 * gateway's namespace, the embedded server's roles. Each key of the Secret names a token; its value
 * is {@code ROLE:SHA256} (ROLE {@code invoker}, {@code developer} or {@code admin}; SHA256 the hex
 * SHA-256 of the token), so the Secret never holds a token itself. Pure: the caller reads the Secret.
 */
final class ClusterTokens {
    /** The Secret holding the tokens. */
    static final String SECRET = "skiff-tokens";

    private ClusterTokens() {}

    /** What a token may do, each role including the ones before it. */
    enum Role { INVOKER, DEVELOPER, ADMIN }

    /**
     * The role of {@code token} among {@code entries} (the Secret's values, decoded), compared in
     * constant time; empty for a token none of them holds. A malformed entry grants nothing.
     */
    static Optional<Role> roleOf(Map<String, String> entries, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token).getBytes(StandardCharsets.US_ASCII);
        Optional<Role> found = Optional.empty();
        for (String entry : entries.values()) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                continue;
            }
            Optional<Role> role = role(entry.substring(0, colon));
            byte[] stored = entry.substring(colon + 1).strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            if (role.isPresent() && MessageDigest.isEqual(presented, stored) && found.isEmpty()) {
                found = role;
            }
        }
        return found;
    }

    /** The hex SHA-256 of {@code token}: what an entry of the Secret holds. */
    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static Optional<Role> role(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "invoker" -> Optional.of(Role.INVOKER);
            case "developer" -> Optional.of(Role.DEVELOPER);
            case "admin" -> Optional.of(Role.ADMIN);
            default -> Optional.empty();
        };
    }
}

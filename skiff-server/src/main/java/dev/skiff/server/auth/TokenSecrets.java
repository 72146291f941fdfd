package dev.skiff.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tokens' secrets: {@code skiff_} and 43 characters of base64url (256 random bits), so a secret is
 * recognised in a header or a log as Skiff's; stored as their SHA-256 only (a secret this random
 * needs no slow hash: nobody can guess one from its digest). Pure, but for the random source.
 */
public final class TokenSecrets {
    /** What every secret starts with. */
    public static final String PREFIX = "skiff_";
    private static final int RANDOM_BYTES = 32;
    private static final String BEARER = "bearer ";

    private TokenSecrets() {}

    /** A new secret from {@code random}. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of {@code secret}, hexadecimal: what the store keeps. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The token an {@code Authorization} header carries ({@code Bearer <token>}, the scheme in any case), or null. */
    public static String bearer(CharSequence authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()) {
            return null;
        }
        String value = authorization.toString();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /** True when an {@code Authorization} header carries a Skiff token (valid or not): the gateway never passes one on. */
    public static boolean carriesSkiffToken(CharSequence authorization) {
        String token = bearer(authorization);
        return token != null && token.startsWith(PREFIX);
    }
}

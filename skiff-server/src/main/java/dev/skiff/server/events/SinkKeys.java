package dev.skiff.server.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys in the broker URLs functions are given ({@code K_SINK}): on the function endpoint, which
 * every sandbox reaches and which takes no token, an event may enter a broker only through a URL
 * carrying its namespace's key, so a function posts into its own namespace's brokers and no other's.
 * A key is an HMAC of the namespace under a secret drawn when the server starts (instances start
 * with the server, so none outlives it). Pure but for the random secret.
 */
public final class SinkKeys {
    private static final String MAC = "HmacSHA256";
    private final SecretKeySpec secret;

    /** Keys under {@code secret} (32 bytes or more). */
    public SinkKeys(byte[] secret) {
        this.secret = new SecretKeySpec(secret.clone(), MAC);
    }

    /** Keys under a fresh random secret. */
    public static SinkKeys random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new SinkKeys(secret);
    }

    /** The key of {@code namespace}: 43 URL-safe characters. */
    public String key(String namespace) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(secret);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(namespace.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** True when {@code presented} is {@code namespace}'s key; in constant time. */
    public boolean matches(String namespace, String presented) {
        return presented != null && MessageDigest.isEqual(key(namespace).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}

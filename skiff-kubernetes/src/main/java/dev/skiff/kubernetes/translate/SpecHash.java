package dev.skiff.kubernetes.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.skiff.api.Documents;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of what makes a revision: the spec without its traffic table (as in the embedded
 * mode, changing only the traffic makes no new revision). Equal specs give equal hashes.
 */
public final class SpecHash {
    /** The annotation the hash is recorded in, on every object made for a revision. */
    public static final String ANNOTATION = "skiff.dev/spec-hash";
    private static final ObjectMapper CANONICAL = Documents.json().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SpecHash() {}

    /** Sixteen hex digits of the SHA-256 of the spec's canonical JSON, traffic left out. */
    public static String of(FunctionSpec spec) {
        try {
            byte[] json = CANONICAL.writeValueAsString(spec.withTraffic(null)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a function spec", e);
        }
    }

    /**
     * The revision to make for a spec with {@code hash}: the current one when its hash is the same,
     * else the next number after it ({@code hello-00001} first).
     *
     * @param current the newest revision made so far, or null
     * @param currentHash that revision's hash, or null
     */
    public static String revisionFor(String function, String current, String currentHash, String hash) {
        if (current == null) {
            return Revision.nameFor(function, 1);
        }
        if (hash.equals(currentHash)) {
            return current;
        }
        int number = Integer.parseInt(current.substring(current.lastIndexOf('-') + 1));
        return Revision.nameFor(function, number + 1);
    }
}

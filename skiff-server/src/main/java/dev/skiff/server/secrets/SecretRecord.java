package dev.skiff.server.secrets;

import java.util.List;

/**
 * A secret as stored: its names, the names of its keys (shown), and its values sealed together
 * (never shown).
 *
 * @param key the secret's key: its name, or {@code name.namespace} outside {@code default}
 * @param keys the names of its keys, sorted
 * @param sealed its values, as {@link SecretValues} sealed by a {@link SecretBox} under {@code key}
 * @param created when it was made (ISO-8601)
 * @param updated when its values were last set (ISO-8601)
 */
public record SecretRecord(String key, List<String> keys, byte[] sealed, String created, String updated) {
    /** Defensive copies. */
    public SecretRecord {
        keys = List.copyOf(keys);
        sealed = sealed.clone();
    }

    /** Its sealed values (a copy). */
    @Override
    public byte[] sealed() {
        return sealed.clone();
    }
}

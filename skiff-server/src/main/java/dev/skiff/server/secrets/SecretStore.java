package dev.skiff.server.secrets;

import java.util.List;
import java.util.Optional;

/** Where {@link SecretService} keeps secrets, sealed. */
public interface SecretStore {
    /** Every secret, by key. */
    List<SecretRecord> secrets();

    /** One secret. */
    Optional<SecretRecord> secret(String key);

    /** Records a new secret; false when one of that key exists. */
    boolean insert(SecretRecord secret);

    /** Replaces a secret's keys and values; false when there is none of that key. */
    boolean update(SecretRecord secret);

    /** Deletes a secret; false when there was none. */
    boolean delete(String key);
}

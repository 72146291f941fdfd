package dev.skiff.server.backend.process;

import dev.skiff.server.serving.StartException;
import java.util.Map;

/** Where the backend gets a secret's values when an instance that reads it starts: fresh for each start. */
@FunctionalInterface
public interface SecretSource {
    /** No secret can be had: every start of a function naming one fails, saying so. */
    SecretSource NONE = key -> {
        throw new StartException("this server keeps no secrets");
    };

    /** The values of the secret keyed {@code key} ({@code name} or {@code name.namespace}), by key; a {@link StartException} saying why not. */
    Map<String, byte[]> values(String key) throws StartException;
}

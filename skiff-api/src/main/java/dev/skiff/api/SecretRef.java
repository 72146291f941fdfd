package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A secret a function reads: each of its keys is a read-only file {@code /var/skiff/secrets/NAME/KEY}
 * in the function's instances, and, with {@code env}, also an environment variable named by the key.
 *
 * @param name the secret's name, in the function's namespace (a DNS-1123 label)
 * @param env true to also set each key (that is a variable name) as an environment variable (default false);
 *     named explicitly so that the ignored {@link #asEnv()} does not hide it from schema generators
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretRef(String name, @JsonProperty("env") Boolean env) {
    /** Where a function's secrets are, one directory per secret. */
    public static final String MOUNT_ROOT = "/var/skiff/secrets";

    /** True when a secret's key {@code key} can name an environment variable. */
    public static boolean isEnvName(String key) {
        return key != null && key.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    /** True when its keys are environment variables too. */
    @JsonIgnore
    public boolean asEnv() {
        return Boolean.TRUE.equals(env);
    }

    /** The directory of its files in an instance. */
    @JsonIgnore
    public String mountPath() {
        return MOUNT_ROOT + "/" + name;
    }
}

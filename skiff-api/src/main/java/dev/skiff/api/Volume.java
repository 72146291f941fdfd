package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A named volume: a directory on the server's machine that functions mount (see {@link VolumeMount}).
 *
 * @param name the volume's name (a DNS-1123 label)
 * @param path the directory on the server's machine; on create, a directory the user already has,
 *     or null for one Skiff makes under its data directory
 * @param external true when the directory is the user's own, which Skiff never deletes
 * @param created when the volume was created (set by the server)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Volume(String name, String path, Boolean external, String created) {

    /** True when the directory is the user's own. */
    public boolean isExternal() {
        return Boolean.TRUE.equals(external);
    }
}

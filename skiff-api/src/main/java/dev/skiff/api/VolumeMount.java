package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A named volume mounted into a function's instances, as a pod mounts a PersistentVolumeClaim.
 *
 * @param name the volume's name (a DNS-1123 label)
 * @param mountPath the absolute path where instances see it, e.g. {@code /mnt/data}
 * @param readOnly true to mount it read-only (default false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeMount(String name, String mountPath, Boolean readOnly) {

    /** True when the mount is read-only. */
    @JsonIgnore
    public boolean isReadOnly() {
        return Boolean.TRUE.equals(readOnly);
    }
}

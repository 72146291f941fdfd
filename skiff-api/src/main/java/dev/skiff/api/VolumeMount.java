package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A named volume mounted into a function's instances, as a pod mounts a PersistentVolumeClaim.
 *
 * @param name the volume's name (a DNS-1123 label)
 * @param mountPath the absolute path where instances see it, e.g. {@code /mnt/data}
 * @param readOnly true to mount it read-only (default false); named explicitly so that the
 *     ignored {@link #isReadOnly()} does not hide the property from schema generators (the CRD's)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeMount(String name, String mountPath, @JsonProperty("readOnly") Boolean readOnly) {

    /** True when the mount is read-only. */
    @JsonIgnore
    public boolean isReadOnly() {
        return Boolean.TRUE.equals(readOnly);
    }
}

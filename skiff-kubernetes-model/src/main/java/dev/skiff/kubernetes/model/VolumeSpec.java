package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import dev.skiff.api.Quantity;
import java.util.ArrayList;
import java.util.List;

/**
 * A volume functions mount by name ({@code spec.volumes[].name}): a PersistentVolumeClaim of the same
 * name, as seed 000 mounts its claim at /mnt/data.
 *
 * @param size the storage requested, a quantity (default {@code 1Gi})
 * @param accessMode {@code ReadWriteOnce} (default), {@code ReadOnlyMany}, {@code ReadWriteMany} or
 *     {@code ReadWriteOncePod}
 * @param storageClassName the storage class; none: the cluster's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeSpec(String size, String accessMode, String storageClassName) {
    /** The size of a volume that does not say. */
    public static final String SIZE = "1Gi";
    /** The access mode of a volume that does not say. */
    public static final String ACCESS_MODE = "ReadWriteOnce";
    private static final List<String> ACCESS_MODES = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");

    /** This spec with its defaults; a null spec is all defaults. */
    public static VolumeSpec defaulted(VolumeSpec given) {
        VolumeSpec v = given == null ? new VolumeSpec(null, null, null) : given;
        return new VolumeSpec(v.size == null ? SIZE : v.size, v.accessMode == null ? ACCESS_MODE : v.accessMode,
                v.storageClassName);
    }

    /** Every error in this defaulted spec. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (!Quantity.isKubernetesQuantity(size)) {
            errors.add(new FieldError("spec.size", "'" + size + "' is not a quantity (e.g. 1Gi)"));
        }
        if (!ACCESS_MODES.contains(accessMode)) {
            errors.add(new FieldError("spec.accessMode", "'" + accessMode + "' is not one of " + String.join(", ", ACCESS_MODES)));
        }
        return errors;
    }
}

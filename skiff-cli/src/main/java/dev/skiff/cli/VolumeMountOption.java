package dev.skiff.cli;

import dev.skiff.api.VolumeMount;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --volume NAME:/mount/path[:ro]} into a {@link VolumeMount}. */
public final class VolumeMountOption implements ITypeConverter<VolumeMount> {

    /** The mount {@code value} describes; a usage error when it is not {@code NAME:/path} or {@code NAME:/path:ro}. */
    @Override
    public VolumeMount convert(String value) {
        String[] parts = value.split(":", -1);
        boolean readOnly = parts.length == 3 && parts[2].equals("ro");
        if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !readOnly && !parts[2].equals("rw"))
                || parts[0].isEmpty() || !parts[1].startsWith("/")) {
            throw new TypeConversionException("'" + value + "' is not NAME:/mount/path or NAME:/mount/path:ro");
        }
        return new VolumeMount(parts[0], parts[1], readOnly ? Boolean.TRUE : null);
    }
}

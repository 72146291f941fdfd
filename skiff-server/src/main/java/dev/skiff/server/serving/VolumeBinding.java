package dev.skiff.server.serving;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A volume as one instance sees it.
 *
 * @param name the volume's name
 * @param hostPath the directory on the server's machine
 * @param mountPath where the instance sees it inside the sandbox
 * @param readOnly true to mount it read-only
 */
public record VolumeBinding(String name, Path hostPath, String mountPath, boolean readOnly) {

    /** The variable naming the volume's directory, e.g. {@code SKIFF_VOLUME_MONTAGE_DATA} for {@code montage-data}. */
    public String envName() {
        return "SKIFF_VOLUME_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}

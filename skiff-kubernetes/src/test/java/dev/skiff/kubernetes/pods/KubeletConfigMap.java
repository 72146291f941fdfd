package dev.skiff.kubernetes.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ConfigMap volume as the kubelet writes it (its atomic writer): each key a file in a timestamped
 * directory, {@code ..data} a symlink to that directory and each key a symlink through it; a key of
 * {@code data} holds its text in UTF-8, a key of {@code binaryData} the bytes its base64 decodes to;
 * files 0644 (the volume's default mode).
 */
final class KubeletConfigMap {
    private KubeletConfigMap() {}

    /** Writes {@code configMap}'s volume into the empty directory {@code dir}. */
    static void mount(ConfigMap configMap, Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((key, text) -> files.put(key, text.getBytes(StandardCharsets.UTF_8)));
        }
        if (configMap.getBinaryData() != null) {
            configMap.getBinaryData().forEach((key, base64) -> files.put(key, Base64.getDecoder().decode(base64)));
        }
        String timestamped = "..2026_12_08_00_00_00.000000001";
        Path payload = Files.createDirectories(dir.resolve(timestamped));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path written = Files.write(payload.resolve(file.getKey()), file.getValue());
            Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-r--r--"));
            Files.createSymbolicLink(dir.resolve(file.getKey()), Path.of("..data", file.getKey()));
        }
        Files.createSymbolicLink(dir.resolve("..data"), Path.of(timestamped));
    }
}

package dev.skiff.kubernetes.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image tarball as {@code skiff build} writes it, read back: its layers' files (written under a
 * directory) and its configured environment.
 *
 * @param files each file's path in the image and where its bytes were written
 * @param env the image's environment
 */
record BuiltImage(Map<String, Path> files, Map<String, String> env) {
    /** Reads {@code tarball}, writing its layers' files under {@code dir}. */
    static BuiltImage read(Path tarball, Path dir) throws IOException {
        Map<String, byte[]> image;
        try (InputStream in = Files.newInputStream(tarball)) {
            image = entries(in);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(image.get("manifest.json")).get(0);
        Map<String, Path> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            Map<String, byte[]> layerFiles = entries(new GZIPInputStream(new ByteArrayInputStream(image.get(layer.asText()))));
            for (Map.Entry<String, byte[]> file : layerFiles.entrySet()) {
                Path written = dir.resolve(file.getKey());
                Files.createDirectories(written.getParent());
                files.put("/" + file.getKey(), Files.write(written, file.getValue()));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode pair : json.readTree(image.get(manifest.get("Config").asText())).at("/config/Env")) {
            String[] parts = pair.asText().split("=", 2);
            env.put(parts[0], parts[1]);
        }
        return new BuiltImage(files, env);
    }

    private static Map<String, byte[]> entries(InputStream in) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return files;
    }
}

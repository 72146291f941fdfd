package dev.skiff.kubernetes.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.api.FunctionDefaults;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds a real image tarball with Jib and reads it back: the manifest, the config's env and the source layer. */
class FunctionImageIT {
    @TempDir
    Path dir;

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

    @Test
    void build_toTarball_writesAnImageWithTheSourceLayerAndItsEnvironment() throws IOException {
        FunctionSpec spec = FunctionDefaults.apply(FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "def handle(req):\n    return 'hi'\n")).requirements("requests==2.32.3\n")
                .build());
        Path tarball = dir.resolve("hello.tar");

        String digest = FunctionImage.build(spec, FunctionImage.SCRATCH,
                new FunctionImage.Target("hello:1", tarball, false, dir.resolve("cache")));

        assertThat(digest).startsWith("sha256:");
        Map<String, byte[]> image = entries(Files.newInputStream(tarball));
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(image.get("manifest.json")).get(0);
        assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo("hello:1");
        JsonNode config = json.readTree(image.get(manifest.get("Config").asText()));
        assertThat(config.at("/config/Env").toString()).contains("SKIFF_SOURCE_TYPE=text", "SKIFF_SOURCE_FILENAME=hello.py");
        Map<String, byte[]> layer = entries(new GZIPInputStream(new ByteArrayInputStream(
                image.get(manifest.get("Layers").get(0).asText()))));
        assertThat(new String(layer.get("var/skiff/source/source"), StandardCharsets.UTF_8)).contains("return 'hi'");
        assertThat(new String(layer.get("var/skiff/source/requirements"), StandardCharsets.UTF_8)).isEqualTo("requests==2.32.3\n");
    }

    @Test
    void build_badReference_saysWhatIsWrong() {
        FunctionSpec spec = FunctionDefaults.apply(FunctionSpec.builder().runtime("python3").handler("hello.handle")
                .source(Source.text("hello.py", "pass")).build());

        assertThatThrownBy(() -> FunctionImage.build(spec, FunctionImage.SCRATCH,
                new FunctionImage.Target("Not A Name!", dir.resolve("x.tar"), false, dir.resolve("cache"))))
                .isInstanceOf(FunctionImage.BuildException.class)
                .hasMessageContaining("is not an image reference");
    }
}

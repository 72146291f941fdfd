package dev.skiff.kubernetes.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validates documents against the Kubernetes and Knative OpenAPI schemas with npm's
 * {@code kubernetes-models} and {@code @kubernetes-models/knative} (versions pinned in
 * src/test/resources/schema-check, installed with {@code npm ci} into target/schema-check once).
 */
final class SchemaCheck {
    private static final Path DIR = Path.of("target/schema-check").toAbsolutePath();
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "validate.mjs");
    private static boolean installed;

    private SchemaCheck() {}

    /**
     * What the schemas say of one document.
     *
     * @param kind its kind
     * @param name its name
     * @param errors every way it breaks its schema; empty when it is valid
     */
    record Verdict(String kind, String name, List<String> errors) {}

    /** The verdict on each of {@code documents} (each a fabric8 object, a map or a JSON node), in order. */
    static List<Verdict> validate(List<?> documents) throws IOException, InterruptedException {
        install();
        Path input = Files.createTempFile(DIR, "documents", ".json");
        try {
            ObjectMapper json = Serialization.jsonMapper();
            Files.writeString(input, json.writeValueAsString(documents));
            Process node = new ProcessBuilder("node", "validate.mjs", input.toString()).directory(DIR.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(2, TimeUnit.MINUTES) || node.exitValue() != 0) {
                throw new IllegalStateException("node validate.mjs failed:\n" + out);
            }
            List<Verdict> verdicts = new ArrayList<>();
            for (String line : out.strip().split("\n")) {
                JsonNode verdict = json.readTree(line);
                List<String> errors = new ArrayList<>();
                verdict.path("errors").forEach(e -> errors.add(e.asText()));
                verdicts.add(new Verdict(verdict.path("kind").asText(), verdict.path("name").asText(), errors));
            }
            return verdicts;
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        Files.createDirectories(DIR);
        boolean changed = false;
        for (String file : FILES) {
            try (InputStream in = SchemaCheck.class.getResourceAsStream("/schema-check/" + file)) {
                byte[] bytes = in.readAllBytes();
                Path target = DIR.resolve(file);
                if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                    Files.write(target, bytes);
                    changed = true;
                }
            }
        }
        if (changed || !Files.isDirectory(DIR.resolve("node_modules/kubernetes-models"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(DIR.toFile()).redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci of the schema packages failed (they come from the npm registry):\n"
                        + out);
            }
        }
        installed = true;
    }
}

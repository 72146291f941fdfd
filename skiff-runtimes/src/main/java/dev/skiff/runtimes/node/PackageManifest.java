package dev.skiff.runtimes.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.runtimes.BuildSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A function's package.json, reduced to what npm needs to install its runtime dependencies:
 * {@code dependencies}, {@code optionalDependencies} and {@code overrides}. Scripts, devDependencies
 * and the rest are dropped, so installing runs none of the function's own scripts and resolves no
 * development tools. Local paths ({@code file:vendor/x}, {@code ./x}) are made absolute against the
 * code directory, since npm runs in the dependency directory.
 */
final class PackageManifest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DEPENDENCY_FIELDS = List.of("dependencies", "optionalDependencies");
    private static final String FILE = "file:";

    private final ObjectNode document;

    private PackageManifest(ObjectNode document) {
        this.document = document;
    }

    /**
     * Reads a package.json document.
     *
     * @throws IllegalArgumentException saying what is wrong when {@code text} is not a JSON object
     *     whose dependency fields map names to strings
     */
    static PackageManifest parse(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("is not a package.json document (a JSON object)");
        }
        for (String field : DEPENDENCY_FIELDS) {
            JsonNode dependencies = object.get(field);
            if (dependencies != null && !dependencies.isNull() && !isStringMap(dependencies)) {
                throw new IllegalArgumentException("has a '" + field + "' that is not an object of name to version");
            }
        }
        return new PackageManifest(object);
    }

    /** Whether there is anything to install. */
    boolean hasDependencies() {
        return DEPENDENCY_FIELDS.stream().anyMatch(field -> document.path(field).size() > 0);
    }

    /** The manifest npm installs from, its local paths resolved against {@code codeDir}. */
    String installable(Path codeDir) {
        ObjectNode out = JSON.createObjectNode();
        out.put("name", "skiff-function-dependencies");
        out.put("private", true);
        for (String field : DEPENDENCY_FIELDS) {
            if (document.path(field).size() > 0) {
                ObjectNode dependencies = out.putObject(field);
                for (Map.Entry<String, JsonNode> entry : document.get(field).properties()) {
                    dependencies.put(entry.getKey(), absolute(entry.getValue().asText(), codeDir));
                }
            }
        }
        if (document.has("overrides")) {
            out.set("overrides", document.get("overrides"));
        }
        return out.toPrettyString();
    }

    /**
     * Why the manifest cannot be installed from here: a dependency on a local path outside
     * {@code allowed} (the code directory and the server's package directories), which the build's
     * sandbox does not show; empty when there is none.
     */
    Optional<String> outside(Path codeDir, BuildSources allowed) {
        for (String field : DEPENDENCY_FIELDS) {
            for (Map.Entry<String, JsonNode> entry : document.path(field).properties()) {
                String spec = absolute(entry.getValue().asText(), codeDir);
                if (!spec.startsWith(FILE)) {
                    continue;
                }
                String path = spec.substring(FILE.length());
                if (path.startsWith("~") || !allowed.contains(Path.of(path))) {
                    return Optional.of(BuildSources.refusal(field + " \"" + entry.getKey() + "\" names "
                            + entry.getValue().asText()));
                }
            }
        }
        return Optional.empty();
    }

    /** A local path spec made absolute; any other spec (a version range, a URL, a git spec) as it is. */
    static String absolute(String spec, Path codeDir) {
        String path;
        if (spec.startsWith(FILE)) {
            path = spec.substring(FILE.length());
        } else if (spec.equals(".") || spec.equals("..") || spec.startsWith("./") || spec.startsWith("../")) {
            path = spec;
        } else {
            return spec;
        }
        if (path.startsWith("/") || path.startsWith("~")) {
            return spec;
        }
        return FILE + codeDir.resolve(path).normalize();
    }

    private static boolean isStringMap(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                return false;
            }
        }
        return true;
    }
}

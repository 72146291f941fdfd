package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout of this module's packages, as each package-info.java states it: which other packages of
 * the server a package may import. Read from the sources' imports; the root package, which wires
 * everything, may use any and none may use it.
 */
class PackageRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/skiff/server");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.skiff\\.server((?:\\.[a-z]\\w*)*)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("front", Set.of("dataplane", "serving", "errors", "auth")),
            Map.entry("dataplane", Set.of("serving", "errors")),
            Map.entry("api", Set.of("control", "events", "activations", "dataplane", "serving", "logs", "errors", "auth",
                    "secrets", "workflows")),
            Map.entry("auth", Set.of("errors")),
            Map.entry("errors", Set.of()),
            Map.entry("control", Set.of("serving", "dataplane", "store", "logs", "errors")),
            Map.entry("serving", Set.of()),
            Map.entry("backend.process", Set.of("backend.sandbox", "backend.cgroups", "serving", "logs")),
            Map.entry("backend.cgroups", Set.of()),
            Map.entry("backend.sandbox", Set.of("serving")),
            Map.entry("store", Set.of("auth", "secrets", "workflows")),
            Map.entry("workflows", Set.of("dataplane", "store", "errors", "serving")),
            Map.entry("secrets", Set.of("errors")),
            Map.entry("events", Set.of("dataplane", "store", "errors")),
            Map.entry("activations", Set.of("dataplane", "store", "logs")),
            Map.entry("logs", Set.of()),
            Map.entry("metrics", Set.of("dataplane", "serving", "workflows")));

    @Test
    void everyPackage_importsOnlyWhatItsRuleAllows_andHasAPackageInfo() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertThat(uses.keySet()).as("the packages, each with a rule").containsExactlyInAnyOrderElementsOf(
                union(MAY_USE.keySet(), Set.of("")));
        MAY_USE.forEach((pkg, allowed) -> assertThat(uses.get(pkg)).as("what %s imports", pkg).isSubsetOf(allowed));
        uses.forEach((pkg, used) -> assertThat(used).as("%s imports the root package", pkg).doesNotContain(""));
        for (String pkg : uses.keySet()) {
            assertThat(SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java")).as("package-info of %s", pkg).exists();
        }
    }

    /** Each package (by its name under dev.skiff.server, "" for the root) and the packages of the server it imports. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = IMPORT.matcher(read(file));
                while (m.find()) {
                    String target = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                    if (!target.equals(pkg)) {
                        used.add(target);
                    }
                }
            });
        }
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}

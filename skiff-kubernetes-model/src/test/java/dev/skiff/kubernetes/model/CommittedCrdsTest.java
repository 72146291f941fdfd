package dev.skiff.kubernetes.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRDs committed under deploy/kubernetes/crds/ are the ones this build generated from the classes. */
class CommittedCrdsTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final Path COMMITTED = Path.of("../deploy/kubernetes/crds");

    @Test
    void committedCrds_matchTheGeneratedOnes() throws IOException {
        List<String> generated = names(GENERATED);
        assertThat(generated).containsExactlyInAnyOrder("brokers.skiff.dev-v1.yml", "crontriggers.skiff.dev-v1.yml",
                "functions.skiff.dev-v1.yml", "triggers.skiff.dev-v1.yml", "volumes.skiff.dev-v1.yml");
        assertThat(names(COMMITTED)).containsExactlyInAnyOrderElementsOf(generated);
        for (String name : generated) {
            assertThat(Files.readString(COMMITTED.resolve(name)))
                    .as("%s is stale: cp skiff-kubernetes-model/target/classes/META-INF/fabric8/*.yml deploy/kubernetes/crds/", name)
                    .isEqualTo(Files.readString(GENERATED.resolve(name)));
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).toList();
        }
    }
}

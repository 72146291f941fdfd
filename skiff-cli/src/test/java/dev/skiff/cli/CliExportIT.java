package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff export} of a function a real server keeps (issue 22): a volume and a 70/30 split
 * between two revisions. The Knative form refuses, or with {@code --latest-only} routes only to the
 * revision it holds; the plain form has a Deployment for each serving revision, each with its own
 * source; both hold the volume's claim.
 */
class CliExportIT {
    @TempDir
    static Path dir;

    private static SkiffProcess.Server server;

    @BeforeAll
    static void start() throws IOException {
        server = SkiffProcess.startServer(dir.resolve("data"), Map.of());
        ok("volume", "create", "shared");
        Path v1 = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'one'\n");
        ok("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle", "--from-file", v1.toString(),
                "--volume", "shared:/mnt/data");
        Path v2 = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'two'\n");
        ok("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle", "--from-file", v2.toString(),
                "--volume", "shared:/mnt/data");
        ok("traffic", "hello", "--split", "hello-00001=70,hello-00002=30");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SkiffProcess.Result ok(String... args) {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), args);
        assertThat(result.status()).as(result.err()).isZero();
        return result;
    }

    private static List<HasMetadata> objects(String yaml) {
        Object parsed = Serialization.unmarshal(yaml);
        return parsed instanceof List<?> list ? list.stream().map(HasMetadata.class::cast).toList()
                : List.of((HasMetadata) parsed);
    }

    private static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Test
    void knative_ofASplitToAnOlderRevision_isRefusedOnStandardError() {
        SkiffProcess.Result result = SkiffProcess.run(server.url(), "export", "hello");

        assertThat(result.status()).isNotZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("hello-00001 70%").contains("--latest-only");
    }

    @Test
    void knative_latestOnly_holdsTheNewestRevisionAndTheClaim() {
        SkiffProcess.Result result = ok("export", "hello", "--latest-only");

        List<HasMetadata> objects = objects(result.out());
        assertThat(objects).extracting(HasMetadata::getKind).contains("PersistentVolumeClaim", "ConfigMap", "Service");
        assertThat(ofKind(objects, ConfigMap.class)).singleElement()
                .satisfies(c -> assertThat(c.getData().get("source")).contains("'two'"));
        assertThat(result.err()).contains("note: --latest-only").contains("knative-features.yaml");
    }

    @Test
    void kubernetes_hasADeploymentPerServingRevision_withItsOwnSource_andTheClaim() {
        SkiffProcess.Result result = ok("export", "hello", "--format", "kubernetes");

        List<HasMetadata> objects = objects(result.out());
        assertThat(ofKind(objects, Deployment.class)).extracting(d -> d.getMetadata().getName() + "=" + d.getSpec().getReplicas())
                .containsExactly("hello-00001=7", "hello-00002=3");
        assertThat(ofKind(objects, ConfigMap.class)).extracting(c -> c.getData().get("source"))
                .anySatisfy(s -> assertThat(s).contains("'one'")).anySatisfy(s -> assertThat(s).contains("'two'"));
        assertThat(ofKind(objects, PersistentVolumeClaim.class)).extracting(c -> c.getMetadata().getName())
                .containsExactly("shared");
        assertThat(result.err()).contains("ratio of pods");
    }
}

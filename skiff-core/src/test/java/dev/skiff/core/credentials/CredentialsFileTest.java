package dev.skiff.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    @TempDir
    Path dir;

    @Test
    void loopbackNames_areOneServer_andPortsAreAlwaysWritten() {
        assertThat(ServerAddress.key(URI.create("http://localhost:8080/"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(ServerAddress.key(URI.create("http://[::1]:8080"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(ServerAddress.key(URI.create("HTTP://127.0.0.1:8080/api"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(ServerAddress.key(URI.create("https://Skiff.Example.org"))).isEqualTo("https://skiff.example.org:443");
        assertThat(ServerAddress.key(URI.create("http://skiff.example.org"))).isEqualTo("http://skiff.example.org:80");
        assertThat(ServerAddress.key(URI.create("http://localhost:8081"))).isNotEqualTo(ServerAddress.key(URI.create("http://localhost:8080")));
        assertThat(ServerAddress.key(URI.create("https://localhost:8080"))).isNotEqualTo(ServerAddress.key(URI.create("http://localhost:8080")));
    }

    @Test
    void aRecordedServer_isFoundByAnyOfItsLoopbackNames_andOthersAreNot() {
        CredentialsFile file = new CredentialsFile(dir.resolve("config.json"));
        file.record(URI.create("http://127.0.0.1:8080"), new ServerCredentials("skiff_a", null));

        assertThat(file.lookup(URI.create("http://localhost:8080"))).contains(new ServerCredentials("skiff_a", null));
        assertThat(file.lookup(URI.create("http://localhost:9090"))).isEmpty();
        assertThat(new CredentialsFile(dir.resolve("none.json")).lookup(URI.create("http://localhost:8080"))).isEmpty();
    }

    @Test
    void theFileAndItsDirectory_areTheOwnersOnly_evenWhenTheFileWasLooserBefore() throws IOException {
        Path path = dir.resolve("home/.config/skiff/config.json");
        CredentialsFile file = new CredentialsFile(path);
        file.record(URI.create("http://127.0.0.1:1"), new ServerCredentials("skiff_a", null));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));

        file.record(URI.create("http://127.0.0.1:2"), new ServerCredentials("skiff_b", "/ca.pem"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent()))).isEqualTo("rwx------");
        assertThat(file.lookup(URI.create("http://127.0.0.1:1"))).contains(new ServerCredentials("skiff_a", null));
        assertThat(file.lookup(URI.create("http://127.0.0.1:2"))).contains(new ServerCredentials("skiff_b", "/ca.pem"));
    }

    @Test
    void aFileWrittenForAnotherUser_andTheDirectoriesMadeForIt_areTheirs() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path path = home.resolve(".config/skiff/config.json");

        new CredentialsFile(path, new FileOwner(4242, 4343)).record(URI.create("http://127.0.0.1:1"),
                new ServerCredentials("skiff_a", null));

        for (Path made : List.of(path, path.getParent(), home.resolve(".config"))) {
            assertThat(Files.getAttribute(made, "unix:uid")).as(made.toString()).isEqualTo(4242);
            assertThat(Files.getAttribute(made, "unix:gid")).as(made.toString()).isEqualTo(4343);
        }
        assertThat(Files.getAttribute(home, "unix:uid")).isNotEqualTo(4242);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    }

    @Test
    void recordsMadeAtOnce_allLand() {
        CredentialsFile file = new CredentialsFile(dir.resolve("config.json"));

        List<CompletableFuture<Void>> writers = IntStream.range(0, 16).mapToObj(i -> CompletableFuture.runAsync(() ->
                new CredentialsFile(dir.resolve("config.json")).record(URI.create("http://127.0.0.1:" + (1000 + i)),
                        new ServerCredentials("skiff_" + i, null)))).toList();
        writers.forEach(CompletableFuture::join);

        for (int i = 0; i < 16; i++) {
            assertThat(file.lookup(URI.create("http://localhost:" + (1000 + i)))).as("server %d", i)
                    .contains(new ServerCredentials("skiff_" + i, null));
        }
    }

    @Test
    void aBrokenFile_isReportedByName_andNotOverwritten() throws IOException {
        Path path = dir.resolve("config.json");
        Files.writeString(path, "{not json");
        CredentialsFile file = new CredentialsFile(path);

        assertThatThrownBy(() -> file.lookup(URI.create("http://127.0.0.1:8080"))).hasMessageContaining(path.toString())
                .hasMessageContaining("not valid");
        assertThatThrownBy(() -> file.record(URI.create("http://127.0.0.1:8080"), new ServerCredentials("skiff_a", null)))
                .hasMessageContaining(path.toString());
        assertThat(Files.readString(path)).isEqualTo("{not json");
    }

    @Test
    void theFileIsFoundBySkiffConfig_elseXdg_elseHome() {
        assertThat(CredentialsFile.of(Map.of("SKIFF_CONFIG", "/a/b.json", "HOME", "/h")).path()).isEqualTo(Path.of("/a/b.json"));
        assertThat(CredentialsFile.of(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")).path())
                .isEqualTo(Path.of("/x/skiff/config.json"));
        assertThat(CredentialsFile.of(Map.of("HOME", "/h")).path()).isEqualTo(Path.of("/h/.config/skiff/config.json"));
    }
}

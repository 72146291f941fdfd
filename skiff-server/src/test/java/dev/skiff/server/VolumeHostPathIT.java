package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user's own volume directory ({@code path}) may not be a system directory, the data directory's
 * surroundings, or a link: 400 naming the rule, and no volume is stored.
 */
class VolumeHostPathIT {
    @TempDir
    static Path temp;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Files.createDirectories(temp.resolve("outer/data")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> create(String name, Path path) {
        return server.send("POST", "/api/v1/volumes", "{\"name\": \"" + name + "\", \"path\": \"" + path + "\"}");
    }

    private static String refused(String name, Path path) {
        String message = StrictAnswers.invalid(create(name, path));
        assertThat(server.send("GET", "/api/v1/volumes/" + name, null).statusCode()).isEqualTo(404);
        assertThat(message).startsWith("path: ").contains("'" + path + "'");
        return message;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc", "/etc/ssl", "/proc", "/proc/self", "/sys", "/dev", "/boot", "/root", "/usr", "/usr/local",
        "/bin", "/sbin", "/lib", "/var/lib", "/var/lib/dpkg", "/var/log", "/var/spool", "/var/backups", "/run"})
    void create_systemDirectoryOrInsideOne_is400(String path) {
        assertThat(refused("system", Path.of(path))).contains("system directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/var", "/home", "/tmp", "/var/tmp", "/mnt", "/opt", "/srv"})
    void create_aDirectoryHoldingOthersFiles_is400(String path) {
        assertThat(refused("shared", Path.of(path))).containsAnyOf("system director", "every user", "root of the machine");
    }

    @Test
    void create_theDataDirectory_insideIt_orContainingIt_is400() {
        Path data = server.dataDir();

        assertThat(refused("data", data)).contains("data directory");
        assertThat(refused("data", data.resolve("volumes"))).contains("data directory");
        assertThat(refused("data", data.resolve("functions"))).contains("data directory");
        assertThat(refused("data", data.getParent())).contains("data directory");
    }

    @Test
    void create_aLinkToEtc_is400NamingWhereItLeads() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("etc-link"), Path.of("/etc"));

        assertThat(refused("linked", link)).contains("'/etc'").contains("system directory");
    }

    @Test
    void create_aLinkToAnAllowedDirectory_is400AskingForTheRealPath() throws Exception {
        Path real = Files.createDirectories(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("alias"), real);

        assertThat(refused("alias", link)).contains("symbolic link").contains("'" + real + "'");
        assertThat(refused("alias", link.resolve("."))).contains("symbolic link");
    }

    @Test
    void create_aUsersOwnDirectory_is201() throws Exception {
        Path own = Files.createDirectories(temp.resolve("own"));

        HttpResponse<String> created = create("own", own);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(TestServer.read(created.body()).get("path").asText()).isEqualTo(own.toString());
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff server --volume-root DIR}: a user's volume directory must lie inside one of them, on real paths. */
class VolumeRootIT {
    @TempDir
    static Path temp;
    private static Path allowed;
    private static Path elsewhere;
    private static Path before;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        allowed = Files.createDirectories(temp.resolve("allowed"));
        elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        before = Files.createDirectories(temp.resolve("before"));
        Path data = Files.createDirectories(temp.resolve("data"));
        try (TestServer unrestricted = TestServer.start(ServerConfig.ephemeral(data))) {
            assertThat(create(unrestricted, "before", before).statusCode()).isEqualTo(201);
        }
        server = TestServer.start(ServerConfig.ephemeral(data).withVolumeRoots(List.of(allowed,
                Files.createDirectories(temp.resolve("second")))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> create(TestServer on, String name, Path path) {
        return on.send("POST", "/api/v1/volumes", "{\"name\": \"" + name + "\", \"path\": \"" + path + "\"}");
    }

    @Test
    void create_insideARoot_is201() throws Exception {
        Path inside = Files.createDirectories(allowed.resolve("photos"));

        HttpResponse<String> created = create(server, "photos", inside);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void create_outsideEveryRoot_is400NamingTheRoots() {
        String message = StrictAnswers.invalid(create(server, "outside", elsewhere));

        assertThat(message).contains("'" + elsewhere + "'").contains("--volume-root").contains(allowed.toString());
        assertThat(server.send("GET", "/api/v1/volumes/outside", null).statusCode()).isEqualTo(404);
    }

    @Test
    void create_throughALinkInsideARootLeadingOut_is400() throws Exception {
        Path link = Files.createSymbolicLink(allowed.resolve("door"), elsewhere);

        String message = StrictAnswers.invalid(create(server, "door", link));

        assertThat(message).contains("'" + link + "'");
        assertThat(server.send("GET", "/api/v1/volumes/door", null).statusCode()).isEqualTo(404);
    }

    @Test
    void storedBeforeTheRoots_isKeptButNotMountedNorRead() {
        assertThat(server.send("GET", "/api/v1/volumes/before", null).statusCode()).isEqualTo(200);
        Function mounting = Function.of("late", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 'ok'\n"))
                .volumes(List.of(new VolumeMount("before", "/mnt/before", null))).build());

        String message = StrictAnswers.invalid(server.send("POST", "/api/v1/functions", TestServer.json(mounting)));

        assertThat(message).contains("'before'").contains("--volume-root");
        StrictAnswers.error(server.send("GET", "/api/v1/volumes/before/files", null), 409, "Conflict");
    }
}

package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import dev.skiff.testkit.server.TestFunctions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a deploy or a mount makes on disk goes again: no empty directories are left behind. */
class LeftoverDirectoriesIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Path volume(String name) {
        HttpResponse<String> created = server.send("POST", "/api/v1/volumes", "{\"name\": \"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Path.of(TestServer.read(created.body()).get("path").asText());
    }

    private static Function mounting(String name, List<VolumeMount> volumes) {
        return Function.of(name, FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return 'ok'\n")).volumes(volumes).build());
    }

    @Test
    void failedFirstDeploy_leavesNoDirectoryForTheFunction() {
        HttpResponse<String> failed = server.send("POST", "/api/v1/functions",
                TestServer.json(TestFunctions.python("broken", "def handle(req):\n    return (\n")));

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
        assertThat(server.dataDir().resolve("functions/broken")).doesNotExist();
    }

    @Test
    void nestedVolume_leavesNoMountPointInTheOuterOne_onceItsInstancesAreGone() {
        Path outer = volume("outer");
        volume("inner");
        server.deploy(mounting("nested", List.of(new VolumeMount("outer", "/mnt/outer", null),
                new VolumeMount("inner", "/mnt/outer/sub", null))));
        assertThat(server.send("POST", "/function/nested", "").body()).isEqualTo("ok");
        assertThat(outer.resolve("sub")).as("the sandbox's mount point while it runs").isDirectory();

        assertThat(server.send("DELETE", "/api/v1/functions/nested", null).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(outer.resolve("sub")).doesNotExist());
    }

    @Test
    void volumeOverTheSocketsDirectory_isRefused_andLeavesNothingInIt() {
        server.deploy(TestFunctions.python("probe", "def handle(req):\n    return 'ok'\n"));
        assertThat(server.send("POST", "/function/probe", "").body()).isEqualTo("ok");
        Path socketsRoot = Path.of(server.instances("probe").get(0).get("socket").asText()).getParent().getParent();
        Path over = volume("over-sockets");

        HttpResponse<String> refused = server.send("POST", "/api/v1/functions",
                TestServer.json(mounting("covered", List.of(new VolumeMount("over-sockets", socketsRoot.toString(), null)))));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(over).isEmptyDirectory();
    }

    /*
     * A sandbox killed before pasta connected its network (a server stopping while its pool refills)
     * left its FIFOs' directory: 165 of them in /tmp after one run of the suite. They now live in the
     * data directory, and the server clears them when it starts and stops.
     */
    @Test
    void sandboxesControlDirectories_liveInTheDataDirectory_andAreSweptAtRestart() throws java.io.IOException {
        Path launch = server.dataDir().resolve("sandbox/launch");
        assertThat(launch).isDirectory();
        Path left = java.nio.file.Files.createDirectories(launch.resolve("net.killed"));
        java.nio.file.Files.createFile(left.resolve("info"));

        server.restart();

        assertThat(left).doesNotExist();
        server.deploy(TestFunctions.python("after-restart", "def handle(req):\n    return 'ok'\n"));
        assertThat(server.send("POST", "/function/after-restart", "").body()).isEqualTo("ok");
    }
}

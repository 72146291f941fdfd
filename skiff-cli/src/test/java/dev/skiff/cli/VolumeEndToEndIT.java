package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff volume} with the real program against a real server, and a Flask app deployed with --command. */
class VolumeEndToEndIT {
    private static final Path FLASK = Path.of("..", "examples", "flask-add-two").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private static SkiffProcess.Result ok(SkiffProcess.Result result) {
        assertThat(result.status()).as("stdout: %s%nstderr: %s", result.out(), result.err()).isZero();
        return result;
    }

    @Test
    void volumeSession_createCopyInAndOutMountRefuseRemove() throws Exception {
        Path own = Files.createDirectories(temp.resolve("own"));
        Path inputs = temp.resolve("inputs");
        Files.createDirectories(inputs.resolve("sub"));
        Files.writeString(inputs.resolve("a.txt"), "alpha");
        Files.writeString(inputs.resolve("sub/b.txt"), "beta");
        try (SkiffProcess.Server server = SkiffProcess.startServer(temp.resolve("data"), Map.of())) {
            String url = server.url();
            assertThat(ok(SkiffProcess.run(url, "volume", "create", "add-two-data")).out()).contains("created at");
            ok(SkiffProcess.run(url, "volume", "create", "mine", "--path", own.toString()));
            assertThat(ok(SkiffProcess.run(url, "volume", "ls")).out()).contains("add-two-data").contains("mine")
                    .contains(own.toString());

            ok(SkiffProcess.run(url, "volume", "cp", temp.resolve("inputs").toString(), "mine:/in"));
            assertThat(own.resolve("in/sub/b.txt")).hasContent("beta");
            ok(SkiffProcess.run(url, "volume", "cp", "mine:/in", temp.resolve("back").toString()));
            assertThat(temp.resolve("back/a.txt")).hasContent("alpha");
            assertThat(temp.resolve("back/sub/b.txt")).hasContent("beta");
            ok(SkiffProcess.run(url, "volume", "cp", "mine:/in/a.txt", temp.toString()));
            assertThat(temp.resolve("a.txt")).hasContent("alpha");

            ok(SkiffProcess.run(url, "deploy", "add-two", "--runtime", "http", "--command", "python3 'app.py'",
                    "--from-file", FLASK.toString(), "--volume", "add-two-data:/data"));
            assertThat(ok(SkiffProcess.run(url, "invoke", "add-two", "--method", "GET", "--path", "/add_two?x=3")).out())
                    .isEqualTo("5");
            ok(SkiffProcess.run(url, "volume", "cp", "add-two-data:/results.txt", temp.resolve("results.txt").toString()));
            assertThat(temp.resolve("results.txt")).hasContent("3 + 2 = 5");

            SkiffProcess.Result refused = SkiffProcess.run(url, "volume", "rm", "add-two-data");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.err()).contains("add-two");

            ok(SkiffProcess.run(url, "delete", "add-two"));
            ok(SkiffProcess.run(url, "volume", "rm", "add-two-data"));
            ok(SkiffProcess.run(url, "volume", "rm", "mine"));
            assertThat(own.resolve("in/a.txt")).hasContent("alpha");
            assertThat(ok(SkiffProcess.run(url, "volume", "ls")).err()).contains("No volumes yet");
        }
    }
}

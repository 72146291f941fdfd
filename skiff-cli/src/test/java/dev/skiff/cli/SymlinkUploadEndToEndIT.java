package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff deploy --from-file DIR} and {@code skiff volume cp DIR} with symlinks, through the real program and server. */
class SymlinkUploadEndToEndIT {
    @TempDir
    static Path temp;

    private static SkiffProcess.Server server;

    @BeforeAll
    static void startServer() {
        server = SkiffProcess.startServer(temp.resolve("data"), Map.of());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static SkiffProcess.Result ok(SkiffProcess.Result result) {
        assertThat(result.status()).as("stdout: %s%nstderr: %s", result.out(), result.err()).isZero();
        return result;
    }

    /** A project {@code NAME} next to a secret: main.py, a file link and a directory link inside it. */
    private static Path projectWithInsideLinks(String name) throws Exception {
        Path app = Files.createDirectories(temp.resolve(name));
        Files.writeString(app.resolve("main.py"), """
                def handle(req):
                    return open('notes.txt').read() + '+' + open('docs/words.txt').read()
                """);
        Files.createDirectories(app.resolve("real/docs"));
        Files.writeString(app.resolve("real/notes.md"), "noted");
        Files.writeString(app.resolve("real/docs/words.txt"), "worded");
        Files.createSymbolicLink(app.resolve("notes.txt"), Path.of("real/notes.md"));
        Files.createSymbolicLink(app.resolve("docs"), Path.of("real/docs"));
        return app;
    }

    private static Path secretNextTo(String name) throws Exception {
        return Files.writeString(temp.resolve(name + "-secret.txt"), "aws_secret_access_key=hunter2");
    }

    @Test
    void deployFromFile_linkToFileOutside_refusedAndFunctionNotCreated() throws Exception {
        Path app = projectWithInsideLinks("leaky-app");
        Path secret = secretNextTo("leaky-app");
        Files.createSymbolicLink(app.resolve("secret.txt"), secret);

        SkiffProcess.Result refused = SkiffProcess.run(server.url(), "deploy", "leaky", "--runtime", "python3",
                "--handler", "main.handle", "--from-file", app.toString());

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("--from-file " + app + ": " + app.resolve("secret.txt")
                        + " is a link to " + secret.toRealPath() + ", outside " + app
                        + "; copy the file in or remove the link")
                .doesNotContain("\tat ");
        SkiffProcess.Result describe = SkiffProcess.run(server.url(), "describe", "leaky");
        assertThat(describe.status()).isEqualTo(1);
        assertThat(describe.err()).contains("leaky");
    }

    @Test
    void deployFromFile_linksInside_sentAsTheirTargetsContent() throws Exception {
        Path app = projectWithInsideLinks("linked-app");

        ok(SkiffProcess.run(server.url(), "deploy", "linked", "--runtime", "python3",
                "--handler", "main.handle", "--from-file", app.toString()));

        assertThat(ok(SkiffProcess.run(server.url(), "invoke", "linked")).out()).isEqualTo("noted+worded");
    }

    @Test
    void volumeCp_linkToDirectoryOutside_refusedAndNothingStored() throws Exception {
        Path own = Files.createDirectories(temp.resolve("own-refused"));
        ok(SkiffProcess.run(server.url(), "volume", "create", "refused", "--path", own.toString()));
        Path inputs = projectWithInsideLinks("leaky-inputs");
        Path outside = Files.createDirectories(temp.resolve("leaky-inputs-home/.aws"));
        Files.writeString(outside.resolve("credentials"), "aws_secret_access_key=hunter2");
        Files.createSymbolicLink(inputs.resolve("zz-aws"), outside);

        SkiffProcess.Result refused = SkiffProcess.run(server.url(), "volume", "cp", inputs.toString(), "refused:/in");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains(inputs.resolve("zz-aws") + " is a link to " + outside.toRealPath()
                        + ", outside " + inputs + "; copy the directory in or remove the link")
                .doesNotContain("\tat ");
        assertThat(own.resolve("in")).doesNotExist();
    }

    @Test
    void volumeCp_linksInside_storedAsTheirTargetsContent() throws Exception {
        Path own = Files.createDirectories(temp.resolve("own-linked"));
        ok(SkiffProcess.run(server.url(), "volume", "create", "linked", "--path", own.toString()));
        Path inputs = projectWithInsideLinks("linked-inputs");

        ok(SkiffProcess.run(server.url(), "volume", "cp", inputs.toString(), "linked:/in"));

        assertThat(own.resolve("in/notes.txt")).hasContent("noted").isRegularFile();
        assertThat(own.resolve("in/docs/words.txt")).hasContent("worded");
        assertThat(Files.isSymbolicLink(own.resolve("in/notes.txt"))).isFalse();
    }
}

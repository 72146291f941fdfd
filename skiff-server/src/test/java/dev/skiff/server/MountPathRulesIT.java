package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A volume's mount path may not be or shadow the system's paths or Skiff's own: 400 at admission, nothing deployed. */
class MountPathRulesIT {
    private static final String READS_ITS_MOUNT = """
            import os
            def handle(req):
                return 'mounted' if os.path.isdir(os.environ['SKIFF_VOLUME_RULED']) else 'missing'
            """;

    @RegisterExtension
    static final TestServer server = new TestServer();

    @TempDir
    static Path temp;

    @BeforeAll
    static void createVolume() {
        assertThat(server.send("POST", "/api/v1/volumes", "{\"name\": \"ruled\"}").statusCode()).isEqualTo(201);
    }

    private static Function mountingAt(String name, String mountPath) {
        return Function.of(name, FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", READS_ITS_MOUNT))
                .volumes(List.of(new VolumeMount("ruled", mountPath, null))).build());
    }

    private static String refused(String name, String mountPath) {
        String message = StrictAnswers.invalid(server.send("POST", "/api/v1/functions", TestServer.json(mountingAt(name, mountPath))));
        StrictAnswers.assertNoFunction(server, name);
        assertThat(message).contains("spec.volumes[0].mountPath");
        return message;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/proc", "/proc/sys/kernel", "/sys", "/sys/fs/cgroup", "/dev", "/dev/shm", "/etc", "/etc/myapp",
        "/usr", "/usr/local/data", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/run", "/run/app", "/var/run/app",
        "/boot", "/root", "/root/data", "/var/skiff/code"})
    void mountPath_systemDirectoryOrInsideOne_is400NamingIt(String mountPath) {
        String message = refused("sys", mountPath);

        assertThat(message).contains("'" + mountPath + "'").containsAnyOf("system", "Skiff's own");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/tmp", "/var"})
    void mountPath_shadowingAWholeSystemTree_is400(String mountPath) {
        String message = refused("whole", mountPath);

        assertThat(message).contains("'" + mountPath + "'");
    }

    @Test
    void mountPath_theDataDirectoryOrInsideIt_is400SayingItIsSkiffsOwn() {
        for (Path own : List.of(server.dataDir(), server.dataDir().resolve("functions"), server.dataDir().resolve("sockets/x"))) {
            assertThat(refused("own", own.toString())).contains("'" + own + "'").contains("data directory");
        }
    }

    @Test
    void mountPath_throughAHostLinkIntoEtc_is400NamingWhereItLeads() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("to-etc"), Path.of("/etc"));

        String message = refused("linked", link.resolve("app").toString());

        assertThat(message).contains("'/etc/app'");
    }

    @Test
    void mountPath_underVarOrTmp_isAllowed() {
        server.deploy(mountingAt("allowed", "/var/data/ruled"));

        assertThat(server.send("POST", "/function/allowed", "").body()).isEqualTo("mounted");
    }
}

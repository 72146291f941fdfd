package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.Volume;
import dev.skiff.api.VolumeMount;
import dev.skiff.server.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A volume stored before the rules, on a directory they now refuse ({@code /etc}), is kept and
 * listed, warned about at start, refused at deploy, and its files are neither read nor written.
 */
class StoredVolumeRulesIT {
    @TempDir
    static Path temp;
    private static TestServer server;
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();

    @BeforeAll
    static void startOnAStoreHoldingAVolumeOnEtc() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        try (SqliteStore store = SqliteStore.open(data.resolve("skiff.db"))) {
            store.saveVolume(new Volume("host-etc", "/etc", true, "2024-01-01T00:00:00Z"));
        }
        LOGGED.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGGED);
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGGED);
        server.close();
    }

    @Test
    void start_warnsAboutTheVolume_andKeepsIt() {
        assertThat(LOGGED.list).map(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains("'host-etc'") && line.contains("/etc") && line.contains("system directory"));
        assertThat(server.send("GET", "/api/v1/volumes/host-etc", null).statusCode()).isEqualTo(200);
    }

    @Test
    void deploy_mountingIt_is400NamingTheVolumeAndTheRule() {
        Function mounting = Function.of("etc-reader", FunctionSpec.builder().runtime("python3").handler("main.handle")
                .source(Source.text("main.py", "def handle(req):\n    return open('/mnt/etc/hostname').read()\n"))
                .volumes(List.of(new VolumeMount("host-etc", "/mnt/etc", true))).build());

        String message = StrictAnswers.invalid(server.send("POST", "/api/v1/functions", TestServer.json(mounting)));

        assertThat(message).contains("spec.volumes[0].name").contains("'host-etc'").contains("/etc").contains("system directory");
        StrictAnswers.assertNoFunction(server, "etc-reader");
    }

    @Test
    void fileApi_readsNothingThroughIt() {
        String message = StrictAnswers.error(server.send("GET", "/api/v1/volumes/host-etc/files/passwd", null), 409, "Conflict");

        assertThat(message).contains("'host-etc'").contains("system directory").doesNotContain("root:");
        StrictAnswers.error(server.send("GET", "/api/v1/volumes/host-etc/files", null), 409, "Conflict");
    }

    @Test
    void fileApi_writesNothingThroughIt() throws Exception {
        Path planted = Path.of("/etc/skiff-planted.conf");
        try {
            StrictAnswers.error(server.send("PUT", "/api/v1/volumes/host-etc/files/skiff-planted.conf", "x",
                    "application/octet-stream"), 409, "Conflict");

            assertThat(planted).doesNotExist();
        } finally {
            Files.deleteIfExists(planted);
        }
    }
}

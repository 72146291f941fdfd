package dev.skiff.server.backend.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.server.ServerConfig;
import dev.skiff.server.SkiffServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed before it could clean up leaves its groups, maybe with a process in one: the next
 * server on the same data directory kills it and removes them at start; a server that stops removes
 * its own.
 */
class StaleGroupsIT {
    @TempDir
    Path dataDir;

    @Test
    void groupsOfAKilledServer_areEmptiedAtStart_andTheServersOwnAreRemovedAtStop() throws Exception {
        Enforcement killed = Cgroups.detect(dataDir);
        InstanceGroup stale = killed.create("w7", new Limits(64L << 20, 0, 16));
        Process orphan = new ProcessBuilder(EnterCommand.argv(stale.procsFiles(), List.of("/bin/sleep", "60"))).start();
        List<Path> serverDirs = GroupFiles.dirs(stale).stream().map(Path::getParent).toList();

        try (SkiffServer server = SkiffServer.start(ServerConfig.ephemeral(dataDir).withPoolSize(0))) {
            assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("the orphan was killed").isTrue();
            assertThat(GroupFiles.dirs(stale)).allSatisfy(dir -> assertThat(dir).doesNotExist());
            assertThat(serverDirs).allSatisfy(dir -> assertThat(dir).isDirectory());
            assertThat(server.limitEnforcement()).isEqualTo(killed.describe());
        }

        assertThat(serverDirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }
}

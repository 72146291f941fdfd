package dev.skiff.server.backend.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcement this machine has (cgroup v1 here: memory, cpu and pids hierarchies writable by
 * root), against the kernel: a group holds its limits, a process started through the joining shell
 * is in it before its command runs, the kernel kills an allocation over the limit and the group
 * counts it, and closing a group kills what is in it and removes it.
 */
class CgroupEnforcementIT {
    private static final long MI = 1L << 20;

    @TempDir
    Path dataDir;

    private static Process start(InstanceGroup group, String... command) throws IOException {
        Process process = new ProcessBuilder(EnterCommand.argv(group.procsFiles(), List.of(command))).start();
        process.getOutputStream().close();
        return process;
    }

    @Test
    void group_holdsItsLimits_andItsProcessIsInItFromTheStart() throws Exception {
        try (Enforcement enforcement = Cgroups.detect(dataDir)) {
            assertThat(enforcement.active()).as(enforcement.describe()).isTrue();
            InstanceGroup group = enforcement.create("w1", new Limits(128 * MI, 250, 64));
            Process sleeper = start(group, "/bin/sleep", "60");
            try {
                assertThat(GroupFiles.limits(group)).containsExactly(Long.toString(128 * MI), "25000", "64");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "cmdline"))).startsWith("/bin/sleep"));
                String cgroups = Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "cgroup"));
                assertThat(cgroups.lines().filter(line -> line.endsWith("/" + Cgroups.groupName(dataDir) + "/w1")))
                        .as(cgroups).hasSize(GroupFiles.dirs(group).size());
            } finally {
                group.close();
            }
            assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("killed with its group").isTrue();
            assertThat(GroupFiles.dirs(group)).allSatisfy(dir -> assertThat(dir).doesNotExist());
        }
    }

    @Test
    void allocationOverTheLimit_isKilledByTheKernel_andCounted() throws Exception {
        try (Enforcement enforcement = Cgroups.detect(dataDir)) {
            InstanceGroup group = enforcement.create("w1", new Limits(128 * MI, 0, 64));
            try {
                Process hog = start(group, "/usr/bin/python3", "-c", "b = bytearray(512 << 20)");

                assertThat(hog.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(hog.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
                assertThat(group.oomKills()).isEqualTo(1);
            } finally {
                group.close();
            }
        }
    }

    @Test
    void close_killsWhatIsLeftInTheServersGroups_andRemovesThem() throws Exception {
        Enforcement enforcement = Cgroups.detect(dataDir);
        InstanceGroup group = enforcement.create("w1", new Limits(64 * MI, 0, 16));
        Process sleeper = start(group, "/bin/sleep", "60");
        Path serverDir = GroupFiles.dirs(group).get(0).getParent();

        enforcement.close();

        assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(serverDir).doesNotExist();
    }
}

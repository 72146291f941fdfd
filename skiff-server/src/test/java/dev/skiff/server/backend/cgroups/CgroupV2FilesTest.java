package dev.skiff.server.backend.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 driver's writes, on a directory standing for a delegated subtree (this machine's
 * controllers are v1, so the kernel's side is not exercised here): the server leaves its cgroup for a
 * leaf, gives the controllers to its own directory, and writes each instance's limits.
 */
class CgroupV2FilesTest {
    private static final long SELF = 4242;

    @TempDir
    Path own;

    private void cgroup(String controllers, String procs) throws IOException {
        Files.writeString(own.resolve("cgroup.controllers"), controllers + "\n");
        Files.writeString(own.resolve("cgroup.subtree_control"), "\n");
        Files.writeString(own.resolve("cgroup.procs"), procs);
    }

    @Test
    void open_movesTheServerToALeaf_andGivesTheControllersItHas() throws IOException {
        cgroup("cpuset cpu io memory pids", SELF + "\n");

        CgroupV2 v2 = CgroupV2.open(own, "skiff-abc", SELF);

        assertThat(own.resolve("skiff-abc-server/cgroup.procs")).hasContent(Long.toString(SELF));
        assertThat(own.resolve("cgroup.subtree_control")).hasContent("+memory +pids +cpu");
        assertThat(own.resolve("skiff-abc/cgroup.subtree_control")).hasContent("+memory +pids +cpu");
        assertThat(v2.describe()).isEqualTo("cgroup v2 (memory, pids, cpu)");
    }

    @Test
    void create_writesTheInstancesLimits_andCountsItsOomKills() throws IOException {
        cgroup("memory pids", SELF + "\n");
        CgroupV2 v2 = CgroupV2.open(own, "skiff-abc", SELF);

        InstanceGroup group = v2.create("w1", new Limits(256L << 20, 500, 1024));
        Path dir = own.resolve("skiff-abc/w1");
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");

        assertThat(dir.resolve("memory.max")).hasContent("268435456");
        assertThat(dir.resolve("memory.oom.group")).hasContent("1");
        assertThat(dir.resolve("pids.max")).hasContent("1024");
        assertThat(dir.resolve("cpu.max")).as("no cpu controller given").doesNotExist();
        assertThat(group.procsFiles()).containsExactly(dir.resolve("cgroup.procs"));
        assertThat(group.oomKills()).isEqualTo(1);
        assertThat(v2.describe()).isEqualTo("cgroup v2 (memory, pids); no cpu controller, so no such limit");
    }

    @Test
    void open_withoutAMemoryController_orBesideOtherProcesses_saysWhy() throws IOException {
        cgroup("cpu pids", SELF + "\n");
        assertThatThrownBy(() -> CgroupV2.open(own, "skiff-abc", SELF)).hasMessageContaining("has no memory controller");

        cgroup("memory pids cpu", SELF + "\n777\n");
        assertThatThrownBy(() -> CgroupV2.open(own, "skiff-abc", SELF))
                .hasMessageContaining("also holds other processes (pid 777)").hasMessageContaining("Delegate=yes");
    }
}

package dev.skiff.server.backend.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The layout read from /proc/self/cgroup and /proc/mounts, on the texts of v1, v2, hybrid and container machines. */
class CgroupLayoutTest {
    /** A cgroup v1 machine like the one Skiff is developed on: every controller its own hierarchy, an empty unified one beside. */
    private static final String V1_CGROUP = """
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            4:memory:/process_api/0c455e34
            2:cpuacct:/
            1:cpu:/
            0::/
            """;
    private static final String V1_MOUNTS = """
            proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
            tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
            cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0
            cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0
            cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
            cgroup /sys/fs/cgroup/blkio cgroup rw,relatime,blkio 0 0
            cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
            cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0
            cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
            """;
    /** A current distribution: the unified hierarchy alone. */
    private static final String V2_CGROUP = "0::/user.slice/user-1000.slice/session-3.scope\n";
    private static final String V2_MOUNTS = """
            sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
            cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0
            """;
    /** systemd's hybrid layout: v1 controllers, cpu and cpuacct sharing one, and the unified hierarchy for systemd. */
    private static final String HYBRID_CGROUP = """
            12:pids:/system.slice/skiff.service
            6:cpu,cpuacct:/system.slice/skiff.service
            4:memory:/system.slice/skiff.service
            1:name=systemd:/system.slice/skiff.service
            0::/system.slice/skiff.service
            """;
    private static final String HYBRID_MOUNTS = """
            tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0
            cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0
            cgroup /sys/fs/cgroup/systemd cgroup rw,nosuid,nodev,noexec,relatime,xattr,name=systemd 0 0
            cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0
            cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0
            cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0
            """;

    @Test
    void v1_eachControllersHierarchy_withThisProcessesPathInIt() {
        CgroupLayout layout = CgroupLayout.parse(V1_CGROUP, V1_MOUNTS);

        assertThat(layout.v1("memory").orElseThrow().own()).isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/0c455e34"));
        assertThat(layout.v1("cpu").orElseThrow().own()).isEqualTo(Path.of("/sys/fs/cgroup/cpu"));
        assertThat(layout.v1("pids").orElseThrow().own()).isEqualTo(Path.of("/sys/fs/cgroup/pids"));
        assertThat(layout.v1("freezer")).as("not mounted").isEmpty();
        assertThat(layout.v1()).noneMatch(h -> h.mount().endsWith("systemd"));
        assertThat(layout.unified().orElseThrow().mount()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
    }

    @Test
    void v2_theUnifiedHierarchyAlone_withThisProcessesCgroup() {
        CgroupLayout layout = CgroupLayout.parse(V2_CGROUP, V2_MOUNTS);

        assertThat(layout.v1()).isEmpty();
        assertThat(layout.unified().orElseThrow().own())
                .isEqualTo(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope"));
    }

    @Test
    void hybrid_coMountedControllers_shareOneHierarchy() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID_CGROUP, HYBRID_MOUNTS);

        CgroupLayout.Hierarchy cpu = layout.v1("cpu").orElseThrow();
        assertThat(cpu).isEqualTo(layout.v1("cpuacct").orElseThrow());
        assertThat(cpu.controllers()).isEqualTo(Set.of("cpu", "cpuacct"));
        assertThat(cpu.own()).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct/system.slice/skiff.service"));
        assertThat(layout.v1("memory").orElseThrow().own()).isEqualTo(Path.of("/sys/fs/cgroup/memory/system.slice/skiff.service"));
        assertThat(layout.unified().orElseThrow().own()).isEqualTo(Path.of("/sys/fs/cgroup/unified/system.slice/skiff.service"));
    }

    @Test
    void container_atTheTopOfItsNamespace_ownIsTheMount() {
        CgroupLayout layout = CgroupLayout.parse("0::/\n", "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n");

        assertThat(layout.unified().orElseThrow().own()).isEqualTo(Path.of("/sys/fs/cgroup"));
    }

    @Test
    void escapedSpaceInAMountPath_andADeletedCgroup_areRead() {
        CgroupLayout layout = CgroupLayout.parse("4:memory:/gone (deleted)\n",
                "cgroup /mnt/my\\040cgroups cgroup rw,memory 0 0\n");

        assertThat(layout.v1("memory").orElseThrow().own()).isEqualTo(Path.of("/mnt/my cgroups/gone"));
    }

    @Test
    void noCgroupsMounted_noHierarchies() {
        CgroupLayout layout = CgroupLayout.parse("", "proc /proc proc rw 0 0\n");

        assertThat(layout.unified()).isEmpty();
        assertThat(layout.v1()).isEmpty();
    }
}

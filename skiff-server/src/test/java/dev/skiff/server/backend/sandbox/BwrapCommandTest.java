package dev.skiff.server.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.server.serving.InstanceSpec;
import dev.skiff.server.serving.VolumeBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BwrapCommandTest {
    /** A host with /bin -> usr/bin, /usr, /etc, /mnt/cdrom, /proc, /dev and /tmp. */
    private static final HostFiles HOST = new HostFiles() {
        private final Map<Path, List<Path>> tree = Map.of(
                Path.of("/"), List.of(Path.of("/bin"), Path.of("/dev"), Path.of("/etc"), Path.of("/mnt"),
                        Path.of("/proc"), Path.of("/tmp"), Path.of("/usr")),
                Path.of("/mnt"), List.of(Path.of("/mnt/cdrom")));

        @Override
        public List<Path> list(Path dir) {
            return tree.getOrDefault(dir, List.of());
        }

        @Override
        public Optional<Path> symlinkTarget(Path path) {
            return path.equals(Path.of("/bin")) ? Optional.of(Path.of("usr/bin")) : Optional.empty();
        }

        @Override
        public boolean isDirectory(Path path) {
            return !path.equals(Path.of("/bin"));
        }

        @Override
        public boolean exists(Path path) {
            return path.toString().startsWith("/srv/skiff/runtimes");
        }
    };

    private static InstanceSpec spec(List<VolumeBinding> volumes) {
        RevisionFiles files = new RevisionFiles(Path.of("/tmp/d/functions/f/f-00001/code"), Path.of("/tmp/d/functions/f/f-00001/deps"));
        WorkerCommand command = new WorkerCommand(List.of("/usr/bin/python3", "/srv/skiff/runtimes/python/skiff_worker.py"), Map.of());
        return new InstanceSpec("f", "f-00001", "main.handle", files, command, Map.of(), 60, volumes);
    }

    private static String argv(List<VolumeBinding> volumes) {
        return String.join(" ", new BwrapCommand("/usr/bin/bwrap", HOST).argv(spec(volumes), Optional.empty()));
    }

    @Test
    void argv_noVolumes_bindsTheHostReadOnly_withPrivateTmpAndPidNamespace() {
        assertThat(argv(List.of())).isEqualTo("/usr/bin/bwrap --die-with-parent --unshare-pid"
                + " --symlink usr/bin /bin --ro-bind /etc /etc --ro-bind /mnt /mnt --ro-bind /usr /usr"
                + " --dev /dev --proc /proc --tmpfs /tmp"
                + " --ro-bind-try /tmp/d/functions/f/f-00001/code /tmp/d/functions/f/f-00001/code"
                + " --ro-bind-try /tmp/d/functions/f/f-00001/deps /tmp/d/functions/f/f-00001/deps"
                + " --ro-bind-try /srv/skiff/runtimes/python/skiff_worker.py /srv/skiff/runtimes/python/skiff_worker.py"
                + " --remount-ro / --chdir /tmp/d/functions/f/f-00001/code"
                + " /usr/bin/python3 /srv/skiff/runtimes/python/skiff_worker.py");
    }

    @Test
    void argv_volumes_rebuildTheirParentsAndBindThemWritableOrReadOnly() {
        String argv = argv(List.of(new VolumeBinding("data", Path.of("/var/skiff/volumes/data"), "/data", false),
                new VolumeBinding("maps", Path.of("/home/me/maps"), "/mnt/maps/", true)));

        assertThat(argv).contains("--dir /mnt --ro-bind /mnt/cdrom /mnt/cdrom")
                .doesNotContain("--ro-bind /mnt /mnt")
                .contains("--bind /var/skiff/volumes/data /data --ro-bind /home/me/maps /mnt/maps --remount-ro /");
    }

    @Test
    void genericArgv_bindsNoFunctionsFilesOrVolumes_andStartsAtTheRoot() {
        WorkerCommand generic = new WorkerCommand(List.of("/usr/bin/python3", "/srv/skiff/runtimes/python/skiff_worker.py"),
                Map.of("SKIFF_POOLED", "1"));

        assertThat(String.join(" ", new BwrapCommand("/usr/bin/bwrap", HOST).genericArgv(generic, Optional.empty())))
                .isEqualTo("/usr/bin/bwrap --die-with-parent --unshare-pid"
                        + " --symlink usr/bin /bin --ro-bind /etc /etc --ro-bind /mnt /mnt --ro-bind /usr /usr"
                        + " --dev /dev --proc /proc --tmpfs /tmp"
                        + " --ro-bind-try /srv/skiff/runtimes/python/skiff_worker.py /srv/skiff/runtimes/python/skiff_worker.py"
                        + " --remount-ro / --chdir / /usr/bin/python3 /srv/skiff/runtimes/python/skiff_worker.py");
    }

    @Test
    void socketDirectory_boundWritableAtItsOwnPath_afterEveryOtherBind() {
        Path socketDir = Path.of("/tmp/d/sockets/0a1b2c3d");
        BwrapCommand bwrap = new BwrapCommand("/usr/bin/bwrap", HOST);
        WorkerCommand generic = new WorkerCommand(List.of("/usr/bin/python3", "/srv/skiff/runtimes/python/skiff_worker.py"),
                Map.of("SKIFF_POOLED", "1"));

        String fresh = String.join(" ", bwrap.argv(spec(List.of(new VolumeBinding("data", Path.of("/var/v"), "/data", false))),
                Optional.of(socketDir)));
        String pooled = String.join(" ", bwrap.genericArgv(generic, Optional.of(socketDir)));

        assertThat(fresh).contains("--tmpfs /tmp").contains("--bind /var/v /data"
                + " --bind /tmp/d/sockets/0a1b2c3d /tmp/d/sockets/0a1b2c3d --remount-ro /");
        assertThat(pooled).contains("/skiff_worker.py --bind /tmp/d/sockets/0a1b2c3d /tmp/d/sockets/0a1b2c3d --remount-ro / --chdir /");
    }

    @Test
    void showsUnbound_pathOnTheHostTree_true_underTheSandboxesOwnMounts_false() {
        BwrapCommand bwrap = new BwrapCommand("/usr/bin/bwrap", HOST);

        assertThat(bwrap.showsUnbound(Path.of("/srv/skiff/functions"))).isTrue();
        assertThat(bwrap.showsUnbound(Path.of("/tmp/d/functions"))).isFalse();
        assertThat(bwrap.showsUnbound(Path.of("/srv/../tmp/d"))).isFalse();
        assertThat(bwrap.showsUnbound(Path.of("/proc/1"))).isFalse();
        assertThat(bwrap.showsUnbound(Path.of("/tmpfiles/d"))).isTrue();
    }

    @Test
    void mountPoints_areTheDirectoriesInsideAWritableVolume_thatOtherBindsNeed_deepestFirst() {
        List<VolumeBinding> volumes = List.of(new VolumeBinding("outer", Path.of("/srv/outer"), "/mnt/data", false),
                new VolumeBinding("inner", Path.of("/srv/inner"), "/mnt/data/in/sub", true),
                new VolumeBinding("apart", Path.of("/srv/apart"), "/opt/apart", false));

        List<Path> points = new BwrapCommand("/usr/bin/bwrap", HOST).mountPoints(spec(volumes),
                Optional.of(Path.of("/mnt/data/sockets/ab12cd34")));

        assertThat(points).containsExactly(Path.of("/srv/outer/in/sub"), Path.of("/srv/outer/sockets/ab12cd34"),
                Path.of("/srv/outer/in"), Path.of("/srv/outer/sockets"));
    }

    @Test
    void mountPoints_noneInsideAReadOnlyVolume_norWithoutNesting() {
        List<VolumeBinding> volumes = List.of(new VolumeBinding("ro", Path.of("/srv/ro"), "/mnt/ro", true),
                new VolumeBinding("in", Path.of("/srv/in"), "/mnt/ro/in", false));

        assertThat(new BwrapCommand("/usr/bin/bwrap", HOST).mountPoints(spec(volumes), Optional.empty())).isEmpty();
    }
}

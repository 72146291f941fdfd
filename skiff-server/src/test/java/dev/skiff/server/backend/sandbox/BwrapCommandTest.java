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
    /** A host with /bin -> usr/bin, /usr, /etc (passwd, shadow, hosts, ssh, python3), /mnt/cdrom, /proc, /dev, /root and /tmp. */
    private static final HostFiles HOST = new HostFiles() {
        private final Map<Path, List<Path>> tree = Map.of(
                Path.of("/"), List.of(Path.of("/bin"), Path.of("/dev"), Path.of("/etc"), Path.of("/mnt"),
                        Path.of("/proc"), Path.of("/root"), Path.of("/tmp"), Path.of("/usr")),
                Path.of("/mnt"), List.of(Path.of("/mnt/cdrom")),
                Path.of("/etc"), List.of(Path.of("/etc/hosts"), Path.of("/etc/passwd"), Path.of("/etc/python3"),
                        Path.of("/etc/shadow"), Path.of("/etc/ssh")));

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
    };

    private static final SandboxUser USER = new SandboxUser(65532, 65533);
    private static final BwrapCommand BWRAP = new BwrapCommand("/usr/bin/bwrap", HOST, USER,
            List.of(Path.of("/srv/skiff/runtimes"), Path.of("/opt/jdk"), Path.of("/usr/lib/jvm/jdk")));
    private static final BwrapCommand.Shape SHAPE = new BwrapCommand.Shape("f-00001-ab12cd", 256L << 20);

    private static InstanceSpec spec(List<VolumeBinding> volumes) {
        return spec(List.of("/usr/bin/python3", "/srv/skiff/runtimes/python/skiff_worker.py"), volumes);
    }

    private static InstanceSpec spec(List<String> argv, List<VolumeBinding> volumes) {
        RevisionFiles files = new RevisionFiles(Path.of("/tmp/d/functions/f/f-00001/code"), Path.of("/tmp/d/functions/f/f-00001/deps"));
        return new InstanceSpec("f", "f-00001", "main.handle", files, new WorkerCommand(argv, Map.of()), Map.of(), 60, volumes);
    }

    private static String argv(List<VolumeBinding> volumes) {
        return String.join(" ", BWRAP.argv(spec(volumes), Optional.empty(), SHAPE, SecretFiles.none()));
    }

    @Test
    void argv_showsTheSystemFilesTheCodeAndTheRuntimesOwnFiles_only_andDropsToTheUser() {
        assertThat(argv(List.of())).isEqualTo("/usr/bin/bwrap --die-with-parent --new-session --unshare-pid --unshare-ipc"
                + " --unshare-uts --unshare-net --hostname f-00001-ab12cd"
                + " --ro-bind /usr /usr --symlink usr/bin /bin"
                + " --perms 0755 --dir /etc --ro-bind-try /etc/hosts /etc/hosts --ro-bind-try /etc/passwd /etc/passwd"
                + " --ro-bind-try /etc/python3 /etc/python3"
                + " --proc /proc --dev /dev --perms 1777 --size 268435456 --tmpfs /tmp"
                + " --perms 0755 --dir /srv --perms 0755 --dir /srv/skiff --perms 0755 --dir /tmp/d"
                + " --perms 0755 --dir /tmp/d/functions --perms 0755 --dir /tmp/d/functions/f"
                + " --perms 0755 --dir /tmp/d/functions/f/f-00001"
                + " --ro-bind-try /tmp/d/functions/f/f-00001/code /tmp/d/functions/f/f-00001/code"
                + " --ro-bind-try /tmp/d/functions/f/f-00001/deps /tmp/d/functions/f/f-00001/deps"
                + " --ro-bind-try /srv/skiff/runtimes /srv/skiff/runtimes"
                + " --remount-ro / --chdir /tmp/d/functions/f/f-00001/code"
                + " /usr/bin/setpriv --reuid 65532 --regid 65533 --clear-groups --inh-caps=-all --bounding-set=-all"
                + " --no-new-privs -- /usr/bin/python3 /srv/skiff/runtimes/python/skiff_worker.py");
    }

    @Test
    void argv_neverShowsTheHostsPrivateDirectories_orEtcsSecrets() {
        assertThat(argv(List.of())).doesNotContain("/root").doesNotContain("/mnt").doesNotContain("shadow")
                .doesNotContain("/etc/ssh").doesNotContain("--ro-bind / ");
    }

    @Test
    void runtimeFiles_onlyTheConfiguredRuntimeRoots_aUsersCommandNamingAHostPathShowsNothing() {
        InstanceSpec app = spec(List.of("/opt/jdk/bin/java", "-cp", "/srv/skiff/runtimes/java/w.jar:/root/secret.jar",
                "-XX:SharedArchiveFile=/home/me/cds.jsa", "/root/.ssh/id_rsa"), List.of());

        assertThat(BWRAP.runtimeFiles(app.command().argv())).containsExactly(Path.of("/opt/jdk"), Path.of("/srv/skiff/runtimes"));
        assertThat(String.join(" ", BWRAP.argv(app, Optional.empty(), SHAPE, SecretFiles.none()))).doesNotContain("--ro-bind-try /root")
                .doesNotContain("--ro-bind-try /home");
    }

    @Test
    void argv_volumesBoundAtTheirMountPaths_writableOrReadOnly() {
        String argv = argv(List.of(new VolumeBinding("data", Path.of("/var/skiff/volumes/data"), "/data", false),
                new VolumeBinding("maps", Path.of("/home/me/maps"), "/mnt/maps/", true)));

        assertThat(argv).contains("--bind /var/skiff/volumes/data /data --ro-bind /home/me/maps /mnt/maps --remount-ro /");
    }

    @Test
    void genericArgv_showsItsSlotButNoFunctionsFilesOrVolumes_andStartsAtTheRoot() {
        WorkerCommand generic = new WorkerCommand(List.of("/usr/bin/python3", "/srv/skiff/runtimes/python/skiff_worker.py"),
                Map.of("SKIFF_POOLED", "1"));

        String argv = String.join(" ", BWRAP.genericArgv(generic, Optional.empty(), Path.of("/srv/skiff/slots/ab12cd"), Path.of("/srv/skiff/functions"),
                new BwrapCommand.Shape("python3-pool-ab12cd", 1 << 20)));

        assertThat(argv).contains("--hostname python3-pool-ab12cd")
                .contains("--ro-bind-try /srv/skiff/runtimes /srv/skiff/runtimes"
                        + " --ro-bind /srv/skiff/slots/ab12cd /srv/skiff/functions --remount-ro / --chdir / ");
    }

    @Test
    void socketDirectory_boundWritableAtItsOwnPath_afterEveryOtherBind() {
        Path socketDir = Path.of("/tmp/d/sockets/0a1b2c3d");

        String fresh = String.join(" ", BWRAP.argv(spec(List.of(new VolumeBinding("data", Path.of("/var/v"), "/data", false))),
                Optional.of(socketDir), SHAPE, SecretFiles.none()));

        assertThat(fresh).contains("--bind /var/v /data --bind /tmp/d/sockets/0a1b2c3d /tmp/d/sockets/0a1b2c3d --remount-ro /");
    }

    @Test
    void mountPoints_areTheDirectoriesInsideAWritableVolume_thatOtherBindsNeed_deepestFirst() {
        List<VolumeBinding> volumes = List.of(new VolumeBinding("outer", Path.of("/srv/outer"), "/mnt/data", false),
                new VolumeBinding("inner", Path.of("/srv/inner"), "/mnt/data/in/sub", true),
                new VolumeBinding("apart", Path.of("/srv/apart"), "/opt/apart", false));

        List<Path> points = BWRAP.mountPoints(spec(volumes), Optional.of(Path.of("/mnt/data/sockets/ab12cd34")));

        assertThat(points).containsExactly(Path.of("/srv/outer/in/sub"), Path.of("/srv/outer/sockets/ab12cd34"),
                Path.of("/srv/outer/in"), Path.of("/srv/outer/sockets"));
    }

    @Test
    void mountPoints_noneInsideAReadOnlyVolume_norWithoutNesting() {
        List<VolumeBinding> volumes = List.of(new VolumeBinding("ro", Path.of("/srv/ro"), "/mnt/ro", true),
                new VolumeBinding("in", Path.of("/srv/in"), "/mnt/ro/in", false));

        assertThat(BWRAP.mountPoints(spec(volumes), Optional.empty())).isEmpty();
    }
}

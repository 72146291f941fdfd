package dev.skiff.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path temp;

    @Test
    void makeReadable_letsEveryoneReadFilesAndEnterDirectories_grantingNothingElse() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("code"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path secret = Files.writeString(dir.resolve("main.py"), "x = 1\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path tool = Files.writeString(dir.resolve("tool.sh"), "true\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));

        FileTrees.makeReadable(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tool))).isEqualTo("rwxr--r--");
    }

    @Test
    void makeReadable_missingDirectory_isFine() {
        FileTrees.makeReadable(temp.resolve("missing"));

        assertThat(temp.resolve("missing")).doesNotExist();
    }

    /*
     * A build ran as the sandbox's user and may have left anything in the dependencies: files of its
     * own, world-writable ones, set-user-ID ones, a link to a host file. All become the owner of the
     * directory's parent, writable by it alone; the link is changed itself, its target never touched.
     */
    @Test
    void reclaim_givesTheTreeToTheParentsOwner_takesWriteFromOthers_andNeverFollowsALink() throws IOException {
        Path deps = Files.createDirectory(temp.resolve("deps"));
        Path outside = Files.writeString(temp.resolve("host-file"), "host\n");
        Files.setAttribute(outside, "unix:uid", 1234);
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
        Path sub = Files.createDirectories(deps.resolve("pkg"));
        Path open = Files.writeString(sub.resolve("open.py"), "x = 1\n");
        Path setuid = Files.writeString(sub.resolve("tool"), "true\n");
        Path link = Files.createSymbolicLink(deps.resolve("escape"), outside);
        for (Path path : java.util.List.of(deps, sub, open, setuid)) {
            Files.setAttribute(path, "unix:uid", 65532, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", 65532, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(link, "unix:uid", 65532, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setAttribute(setuid, "unix:mode", 04755);

        FileTrees.reclaim(deps);

        int owner = (Integer) Files.getAttribute(temp, "unix:uid");
        for (Path path : java.util.List.of(deps, sub, open, setuid, link)) {
            assertThat(Files.getAttribute(path, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(path.toString())
                    .isEqualTo(owner);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sub))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rw-r--r--");
        assertThat((Integer) Files.getAttribute(setuid, "unix:mode") & 07000).as("set-user-ID cleared").isZero();
        assertThat(Files.getAttribute(outside, "unix:uid")).as("the link's target").isEqualTo(1234);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outside))).isEqualTo("rw-------");
    }
}

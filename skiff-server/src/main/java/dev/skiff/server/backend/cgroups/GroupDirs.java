package dev.skiff.server.backend.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file work on cgroup directories that v1 and v2 share: writing settings, reading a counter,
 * killing every member, removing a tree of groups.
 */
final class GroupDirs {
    private static final Logger LOG = LoggerFactory.getLogger(GroupDirs.class);
    /** Rounds of "kill every member, look again": a member forking while it is killed needs another. */
    private static final int KILL_ROUNDS = 200;
    private static final long PAUSE_MILLIS = 5;
    private static final long SELF = ProcessHandle.current().pid();

    private GroupDirs() {}

    /** Writes each setting to its file under {@code dir}, in order. */
    static void write(Path dir, List<CgroupSettings.Setting> settings) throws IOException {
        for (CgroupSettings.Setting setting : settings) {
            try {
                Files.writeString(dir.resolve(setting.file()), setting.value(), StandardCharsets.US_ASCII);
            } catch (AccessDeniedException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("cannot write " + setting.value() + " to " + dir.resolve(setting.file()) + ": "
                        + reason(e), e);
            }
        }
    }

    /** What went wrong, in the kernel's words when it gave some ({@code Invalid argument}, {@code Device or resource busy}). */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The number after {@code key} in a flat-keyed file ({@code oom_kill 2}); 0 when the file or the key is missing. */
    static long counter(Path file, String key) {
        try {
            return KeyedCounters.value(Files.readString(file, StandardCharsets.US_ASCII), key);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The number a file holds ({@code memory.limit_in_bytes}); {@link Long#MAX_VALUE} when it cannot be read. */
    static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Kills every process in the groups under {@code dir} (a server's, maybe left by one that was killed) and removes them. */
    static void clean(Path dir) {
        killAll(procsFilesUnder(dir));
        removeTree(dir);
    }

    /** The pids listed in a {@code cgroup.procs} file; none when it is gone. */
    static long[] members(Path procs) {
        try {
            return Arrays.stream(Files.readString(procs, StandardCharsets.US_ASCII).split("\n"))
                    .filter(line -> !line.isBlank()).mapToLong(line -> Long.parseLong(line.strip())).toArray();
        } catch (NoSuchFileException e) {
            return new long[0];
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {}: {}", procs, e.getMessage());
            return new long[0];
        }
    }

    /**
     * SIGKILLs every member listed in {@code procsFiles} until none is left, or gives up after a while
     * (a member still exiting stays listed until the kernel has reaped it).
     */
    static void killAll(List<Path> procsFiles) {
        for (int round = 0; round < KILL_ROUNDS; round++) {
            boolean any = false;
            for (Path procs : procsFiles) {
                for (long pid : members(procs)) {
                    if (pid == SELF) {
                        continue;
                    }
                    any = true;
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            if (!any) {
                return;
            }
            pause();
        }
        LOG.warn("processes are still left in {} after they were killed", procsFiles);
    }

    /** Removes {@code dir} and the groups under it, deepest first, each once it is empty; a busy one is left. */
    static void removeTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(Files::isDirectory).forEach(GroupDirs::removeTree);
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.getMessage());
        }
        for (int attempt = 0; attempt < KILL_ROUNDS; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (DirectoryNotEmptyException e) {
                LOG.warn("cannot remove {}: it is not a cgroup (it holds files)", dir);
                return;
            } catch (IOException e) {
                // EBUSY while a killed member is still being reaped
                pause();
            }
        }
        LOG.warn("cannot remove the cgroup {}: it still holds processes", dir);
    }

    /** Every {@code cgroup.procs} file in the tree under {@code dir}, its own included. */
    static List<Path> procsFilesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(path -> path.getFileName().toString().equals("cgroup.procs")).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

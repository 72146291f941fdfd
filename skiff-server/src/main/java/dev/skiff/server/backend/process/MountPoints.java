package dev.skiff.server.backend.process;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mount-point directories sandboxes make inside volumes, removed again when no running worker
 * uses them. A worker holds its directories while it runs; one that was missing when a worker first
 * held it is the sandbox's doing, and once the last worker using it has exited it is removed if it
 * is empty. A directory is never removed while another worker uses it: Linux lets a directory that
 * is a mount point in another sandbox be removed, which would take that sandbox's mount with it.
 */
final class MountPoints {
    private final Map<Path, Integer> users = new HashMap<>();
    private final Set<Path> made = new HashSet<>();

    /** Holds {@code dirs} (deepest first) for a worker about to start. */
    synchronized void hold(List<Path> dirs) {
        for (Path dir : dirs) {
            if (users.merge(dir, 1, Integer::sum) == 1 && !Files.exists(dir)) {
                made.add(dir);
            }
        }
    }

    /** Releases a worker's {@code dirs} (deepest first), removing those it was the last to use and a sandbox made, if empty. */
    synchronized void release(List<Path> dirs) {
        for (Path dir : dirs) {
            if (users.merge(dir, -1, Integer::sum) > 0) {
                continue;
            }
            users.remove(dir);
            if (made.remove(dir)) {
                removeIfEmpty(dir);
            }
        }
    }

    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // the function wrote into it, or it is gone: either way it stays as it is
        } catch (IOException e) {
            // not ours to fight over: an empty directory left behind is harmless
        }
    }
}

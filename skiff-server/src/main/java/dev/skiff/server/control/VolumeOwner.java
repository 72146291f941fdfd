package dev.skiff.server.control;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Who uses volumes' directories: the sandbox's unprivileged user, which must be able to read
 * (and, for a writable mount, write) them. Skiff's own volumes are given to it; a user's own
 * directory is checked, so a deploy fails at once with the reason rather than at the first request.
 */
public interface VolumeOwner {
    /** Gives Skiff's new volume directory {@code dir} to the user. */
    void own(Path dir);

    /** Why the user could not use {@code dir} (read it, and write in it when {@code write}); empty when it can. */
    Optional<String> cannotUse(Path dir, boolean write);

    /** No other user: the server's own processes use volumes (no sandbox). */
    static VolumeOwner server() {
        return new VolumeOwner() {
            @Override
            public void own(Path dir) {
                // The server's own user owns what it makes.
            }

            @Override
            public Optional<String> cannotUse(Path dir, boolean write) {
                return Optional.empty();
            }
        };
    }
}

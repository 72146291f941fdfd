package dev.skiff.server;

import dev.skiff.server.backend.sandbox.SandboxUser;
import dev.skiff.server.control.VolumeOwner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Volumes' directories for sandboxed functions, which run as {@link SandboxUser}. */
final class SandboxVolumes implements VolumeOwner {
    private final SandboxUser user;

    SandboxVolumes(SandboxUser user) {
        this.user = user;
    }

    /** The owner for a server whose sandbox runs functions as {@code user}, or the server itself without one. */
    static VolumeOwner of(Optional<SandboxUser> user) {
        return user.<VolumeOwner>map(SandboxVolumes::new).orElseGet(VolumeOwner::server);
    }

    @Override
    public void own(Path dir) {
        try {
            user.give(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give the volume directory " + dir + " to uid " + user, e);
        }
    }

    @Override
    public Optional<String> cannotUse(Path dir, boolean write) {
        try {
            int owner = (Integer) Files.getAttribute(dir, "unix:uid");
            int group = (Integer) Files.getAttribute(dir, "unix:gid");
            int mode = (Integer) Files.getAttribute(dir, "unix:mode");
            return user.refusal(owner, group, mode, write);
        } catch (IOException e) {
            return Optional.of("its directory cannot be read: " + e.getMessage());
        }
    }
}

package dev.skiff.server.backend.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What the sandbox needs to know of the host's file tree; an interface so the argv can be built in tests. */
interface HostFiles {

    /** The entries of a directory, sorted. */
    List<Path> list(Path dir);

    /** The target of a symbolic link, or empty when {@code path} is not one. */
    Optional<Path> symlinkTarget(Path path);

    /** True when {@code path} is a directory (not following a link). */
    boolean isDirectory(Path path);

    /** The machine's real file tree. */
    static HostFiles real() {
        return new HostFiles() {
            @Override
            public List<Path> list(Path dir) {
                try (Stream<Path> entries = Files.list(dir)) {
                    return entries.sorted().toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
            }

            @Override
            public Optional<Path> symlinkTarget(Path path) {
                try {
                    return Files.isSymbolicLink(path) ? Optional.of(Files.readSymbolicLink(path)) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                }
            }

            @Override
            public boolean isDirectory(Path path) {
                return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            }
        };
    }
}

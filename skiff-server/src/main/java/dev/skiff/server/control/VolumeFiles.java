package dev.skiff.server.control;

import dev.skiff.api.Quote;
import dev.skiff.server.control.VolumeDirectory.Kind;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads and writes the files in a volume's directory, for {@code skiff volume cp}, through
 * {@link VolumeDirectory}: no symbolic link is followed, so none leads out of the volume (a link is
 * refused with 400 naming it, and listed as a link). Messages name files, never the server's paths.
 */
public final class VolumeFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private VolumeFiles() {}

    /**
     * One entry of a directory listing.
     *
     * @param path the path relative to the listed directory, with {@code /} separators
     * @param type {@code file}, {@code directory}, {@code link} (not followed) or {@code other} (a pipe, a socket, a device)
     * @param size the size in bytes of a file (0 for the rest)
     */
    public record Entry(String path, String type, long size) {}

    /** What a read answers: a directory's listing or a file to send. */
    public sealed interface Read permits Listing, OpenFile {}

    /**
     * A directory's listing.
     *
     * @param items every entry under it, recursively, sorted by path
     */
    public record Listing(List<Entry> items) implements Read {}

    /**
     * A regular file, open for reading: whoever sends it closes it.
     *
     * @param channel the open file
     */
    public record OpenFile(FileChannel channel) implements Read {}

    /** An upload under way: its temporary file, open beside the target in the target's open directory. */
    public static final class Upload {
        private final VolumeDirectory directory;
        private final String temporary;
        private final String target;
        private final FileChannel channel;

        private Upload(VolumeDirectory directory, String temporary, String target, FileChannel channel) {
            this.directory = directory;
            this.temporary = temporary;
            this.target = target;
            this.channel = channel;
        }

        /** Where the body goes. */
        public FileChannel channel() {
            return channel;
        }

        /** Closes the written temporary file and renames it into place, replacing what was there (a link itself, not its target). */
        public void commit() {
            try {
                channel.close();
                directory.rename(temporary, target);
            } catch (IOException e) {
                directory.deleteQuietly(temporary);
                throw directory.kind(target) == Kind.DIRECTORY ? isADirectory(target) : directory.failed("write", target, e);
            } finally {
                directory.close();
            }
        }

        /** Removes the temporary file of an upload that failed. */
        public void discard() {
            try {
                channel.close();
            } catch (IOException e) {
                // removed next anyway
            }
            directory.deleteQuietly(temporary);
            directory.close();
        }
    }

    /** The entry {@code names} lead to from {@code root} (the root when none); closes {@code root}. */
    static Read read(VolumeDirectory root, List<String> names) {
        if (names.isEmpty()) {
            try (root) {
                return listing(root);
            }
        }
        String leaf = names.getLast();
        try (VolumeDirectory parent = walk(root, names, false)) {
            return switch (parent.kind(leaf)) {
                case DIRECTORY -> {
                    try (VolumeDirectory dir = parent.enter(leaf, false, leaf)) {
                        yield listing(dir);
                    }
                }
                case FILE -> new OpenFile(parent.openRead(leaf));
                case LINK -> throw parent.link(leaf);
                default -> throw notFound(leaf);
            };
        }
    }

    /**
     * Makes ready to write the file {@code names} lead to from {@code root}: its parent directories
     * exist, and its temporary file is open beside it. 400 when the file is a directory or a link (or
     * one is on the way), 409 when a file stands where a parent directory must be. Takes {@code root}.
     */
    static Upload upload(VolumeDirectory root, List<String> names) {
        String leaf = names.getLast();
        VolumeDirectory parent = walk(root, names, true);
        try {
            switch (parent.kind(leaf)) {
                case DIRECTORY -> throw isADirectory(leaf);
                case LINK -> throw parent.link(leaf);
                default -> { }
            }
            String temporary = ".skiff-upload-" + HexFormat.of().toHexDigits(RANDOM.nextLong());
            return new Upload(parent, temporary, leaf, parent.create(temporary));
        } catch (RuntimeException e) {
            parent.close();
            throw e;
        }
    }

    /** 404: no file {@code name} in the volume. */
    static SkiffException notFound(String name) {
        return new SkiffException(ErrorCode.NOT_FOUND, "no file " + Quote.value(name) + " in the volume");
    }

    /** The directory holding the last of {@code names}, walked to from {@code root}, which it takes. */
    private static VolumeDirectory walk(VolumeDirectory root, List<String> names, boolean create) {
        String leaf = names.getLast();
        VolumeDirectory at = root;
        try {
            for (String name : names.subList(0, names.size() - 1)) {
                VolumeDirectory next = at.enter(name, create, leaf);
                at.close();
                at = next;
            }
            return at;
        } catch (RuntimeException e) {
            at.close();
            throw e;
        }
    }

    private static Listing listing(VolumeDirectory dir) {
        List<Entry> entries = new ArrayList<>();
        dir.list("", entries);
        entries.sort(Comparator.comparing(Entry::path));
        return new Listing(entries);
    }

    private static SkiffException isADirectory(String name) {
        return new SkiffException(ErrorCode.VALIDATION_FAILED, Quote.value(name) + " is a directory");
    }
}

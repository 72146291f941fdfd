package dev.skiff.server.control;

import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes the files in a volume's directory, for {@code skiff volume cp}. */
public final class VolumeFiles {
    private VolumeFiles() {}

    /**
     * One entry of a directory listing.
     *
     * @param path the path relative to the listed directory, with {@code /} separators
     * @param type {@code file} or {@code directory}
     * @param size the size in bytes (0 for a directory)
     */
    public record Entry(String path, String type, long size) {}

    /** Writes {@code content} to {@code file}, creating its parent directories; 400 when a directory is in the way. */
    public static void write(Path file, byte[] content) {
        try {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "'" + file.getFileName() + "' is a directory");
            }
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new SkiffException(ErrorCode.INTERNAL, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Every file and directory under {@code dir}, recursively, sorted by path; links are not followed. */
    public static List<Entry> list(Path dir) {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(path -> !path.equals(dir)).sorted().forEach(path -> {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                entries.add(new Entry(relative, directory ? "directory" : "file", directory ? 0 : size(path)));
            });
        } catch (IOException e) {
            throw new SkiffException(ErrorCode.INTERNAL, "cannot list " + dir + ": " + e.getMessage());
        }
        return entries;
    }

    /** The file's bytes; 404 when it does not exist. */
    public static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SkiffException(ErrorCode.NOT_FOUND, "no file '" + file.getFileName() + "' in the volume");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SkiffException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }
}

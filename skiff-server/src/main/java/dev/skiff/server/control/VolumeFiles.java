package dev.skiff.server.control;

import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes the files in a volume's directory, for {@code skiff volume cp}; messages name files, never the server's paths. */
public final class VolumeFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private VolumeFiles() {}

    /**
     * One entry of a directory listing.
     *
     * @param path the path relative to the listed directory, with {@code /} separators
     * @param type {@code file} or {@code directory}
     * @param size the size in bytes (0 for a directory)
     */
    public record Entry(String path, String type, long size) {}

    /**
     * Makes ready to write {@code file}: its parent directories exist; answers the temporary file an
     * upload writes first, beside it. 400 when the file is a directory, 409 when a file stands where
     * a parent directory must be.
     */
    public static Path prepareWrite(Path file) {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "'" + file.getFileName() + "' is a directory");
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw blockedBy(file);
        } catch (FileSystemException e) {
            throw "Not a directory".equals(e.getReason()) ? blockedBy(file) : failed("create the directories of", file, e);
        } catch (IOException e) {
            throw failed("create the directories of", file, e);
        }
        return file.resolveSibling(".skiff-upload-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
    }

    /** Puts an upload's written {@code temporary} file in place as {@code file}, replacing what was there. */
    public static void commitWrite(Path temporary, Path file) {
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard(temporary);
            throw Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                    ? new SkiffException(ErrorCode.VALIDATION_FAILED, "'" + file.getFileName() + "' is a directory")
                    : failed("write", file, e);
        }
    }

    /** Removes an upload's temporary file, if it is there. */
    public static void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // an upload's leftover: hidden, and replaced by the next upload's own name
        }
    }

    private static SkiffException blockedBy(Path file) {
        return new SkiffException(ErrorCode.CONFLICT, "a file stands where a directory of '" + file.getFileName()
                + "' must be: a file cannot be written under a file");
    }

    /** A failure to {@code what} {@code file}, named without the server's own paths. */
    private static SkiffException failed(String what, Path file, IOException e) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : "an I/O error";
        return new SkiffException(ErrorCode.INTERNAL, "cannot " + what + " '" + file.getFileName() + "': " + reason);
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
            throw failed("list", dir, e);
        }
        return entries;
    }

    /** The file to send; 404 when it is no regular file. */
    public static Path readable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SkiffException(ErrorCode.NOT_FOUND, "no file '" + file.getFileName() + "' in the volume");
        }
        return file;
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }
}

package dev.skiff.server.control;

import dev.skiff.api.Quote;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Checks a path inside a volume as a client gave it: relative, no {@code ..}, never leaving the volume. */
public final class VolumePaths {
    /** The longest file name Linux's file systems take, in bytes. */
    static final int MAX_NAME_BYTES = 255;

    private VolumePaths() {}

    /**
     * The file {@code relative} names inside {@code root}; an empty path is the root itself.
     *
     * @throws SkiffException 400 when the path is absolute, holds {@code ..} or a backslash, or escapes
     */
    public static Path resolve(Path root, String relative) {
        Path resolved = root.resolve(String.join("/", names(relative))).normalize();
        if (!resolved.startsWith(root.normalize())) {
            throw bad(relative);
        }
        return resolved;
    }

    /**
     * The names of {@code relative}, one per directory on the way and the file's last; none for the root.
     *
     * @throws SkiffException 400 when the path is absolute, holds {@code ..}, {@code .}, an empty name or a backslash
     */
    public static List<String> names(String relative) {
        String path = relative == null ? "" : relative;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            throw bad(relative);
        }
        if (path.isEmpty()) {
            return List.of();
        }
        List<String> names = List.of(path.split("/", -1));
        for (String part : names) {
            if (part.equals("..") || part.equals(".") || part.isEmpty()) {
                throw bad(relative);
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "a name in the path is longer than " + MAX_NAME_BYTES
                        + " bytes, the longest a file system takes: " + Quote.value(part));
            }
        }
        return names;
    }

    private static SkiffException bad(String relative) {
        return new SkiffException(ErrorCode.VALIDATION_FAILED, Quote.value(relative)
                + " must be a relative path inside the volume, without '..' (e.g. inputs/image.fits)");
    }
}

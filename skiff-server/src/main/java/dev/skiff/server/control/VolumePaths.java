package dev.skiff.server.control;

import dev.skiff.api.Quote;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
        String path = relative == null ? "" : relative;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            throw bad(relative);
        }
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".") || (part.isEmpty() && !path.isEmpty())) {
                throw bad(relative);
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new SkiffException(ErrorCode.VALIDATION_FAILED, "a name in the path is longer than " + MAX_NAME_BYTES
                        + " bytes, the longest a file system takes: " + Quote.value(part));
            }
        }
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root.normalize())) {
            throw bad(relative);
        }
        return resolved;
    }

    private static SkiffException bad(String relative) {
        return new SkiffException(ErrorCode.VALIDATION_FAILED, Quote.value(relative)
                + " must be a relative path inside the volume, without '..' (e.g. inputs/image.fits)");
    }
}

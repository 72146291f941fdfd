package dev.skiff.runtimes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes archive entries under one directory and refuses any that would land outside it. Symbolic
 * links are created last, so no file is ever written through one, and each must then resolve
 * inside the directory.
 */
final class Extraction {
    private static final int MAX_ENTRIES = 100_000;

    private final Path root;
    private final long maxBytes;
    private final Map<Path, String> links = new LinkedHashMap<>();
    private long written;
    private int entries;

    Extraction(Path root, long maxBytes) throws IOException {
        this.root = root.toRealPath();
        this.maxBytes = maxBytes;
    }

    /** The exception for an archive the library could not read, e.g. {@code corrupt("zip archive", e)}. */
    static InvalidSourceException corrupt(String what, IOException cause) {
        if (cause instanceof InvalidSourceException invalid) {
            return invalid;
        }
        return new InvalidSourceException("the source is not a valid " + what + ": " + cause.getMessage(), cause);
    }

    void directory(String name) throws IOException {
        Files.createDirectories(inside(name));
    }

    /** Writes a regular file; any executable bit in the Unix {@code mode} is kept. */
    void file(String name, InputStream content, int mode) throws IOException {
        Path target = inside(name);
        if (target.equals(root)) {
            throw new InvalidSourceException("archive entry '" + name + "' has no file name");
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            copy(content, out);
        }
        keepExecutable(target, mode);
    }

    /** Records a symbolic link, created by {@link #finish()}. */
    void symlink(String name, String target) throws InvalidSourceException {
        Path link = inside(name);
        Path resolved = resolve(link.getParent(), target, name);
        if (target.startsWith("/") || !resolved.startsWith(root) || resolved.equals(link)) {
            throw new InvalidSourceException("symbolic link '" + name + "' -> '" + target
                    + "' leaves the function's directory; links must be relative and stay inside it");
        }
        links.put(link, target);
    }

    /** Copies an earlier entry to a new name, as a tar hard link means. */
    void hardLink(String name, String target) throws IOException {
        Path from = inside(target);
        Path to = inside(name);
        if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidSourceException("hard link '" + name + "' points to '" + target + "', which is not a file before it");
        }
        count(Files.size(from));
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** Creates the recorded symbolic links and checks that each resolves inside the directory. */
    void finish() throws IOException {
        for (Map.Entry<Path, String> link : links.entrySet()) {
            Files.createDirectories(link.getKey().getParent());
            try {
                Files.createSymbolicLink(link.getKey(), Path.of(link.getValue()));
            } catch (FileAlreadyExistsException e) {
                throw new InvalidSourceException("symbolic link '" + root.relativize(link.getKey()) + "' clashes with a file");
            }
        }
        for (Path link : links.keySet()) {
            String name = root.relativize(link).toString();
            if (!Files.exists(link)) {
                throw new InvalidSourceException("symbolic link '" + name + "' points to '" + links.get(link)
                        + "', which is not in the archive");
            }
            if (!link.toRealPath().startsWith(root)) {
                throw new InvalidSourceException("symbolic link '" + name + "' points outside the function's directory");
            }
        }
    }

    private Path inside(String name) throws InvalidSourceException {
        if (++entries > MAX_ENTRIES) {
            throw new InvalidSourceException("the archive has more than " + MAX_ENTRIES + " entries");
        }
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            throw new InvalidSourceException("archive entry '" + name + "' has an absolute path");
        }
        Path target = resolve(root, path, name);
        if (!target.startsWith(root)) {
            throw new InvalidSourceException("archive entry '" + name + "' would be written outside the function's directory");
        }
        return target;
    }

    private static Path resolve(Path base, String path, String name) throws InvalidSourceException {
        try {
            return base.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSourceException("archive entry '" + name + "' has an invalid path: " + e.getMessage(), e);
        }
    }

    private void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw corrupt("archive", e);
            }
            if (n < 0) {
                return;
            }
            count(n);
            out.write(buffer, 0, n);
        }
    }

    private void count(long bytes) throws InvalidSourceException {
        written += bytes;
        if (written > maxBytes) {
            throw new InvalidSourceException("the source unpacks to more than " + (maxBytes >> 20) + " MiB");
        }
    }

    private static void keepExecutable(Path file, int mode) throws IOException {
        if ((mode & 0111) == 0 || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if ((mode & 0100) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if ((mode & 0010) != 0) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if ((mode & 0001) != 0) {
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(file, permissions);
    }
}

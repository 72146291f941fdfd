package dev.skiff.server.control;

import dev.skiff.api.Quote;
import dev.skiff.server.control.VolumeFiles.Entry;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * One open directory of a volume. Every name in it is opened relative to it and never through a
 * symbolic link ({@code openat} with {@code O_NOFOLLOW}, by Java's {@link SecureDirectoryStream}),
 * and a path is walked one directory at a time from the volume's root, so a link a function plants in
 * its volume, or swaps in while a request runs, cannot lead a read, a write or a listing out of it.
 * Messages name paths inside the volume, never the server's.
 */
final class VolumeDirectory implements Closeable {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, NOFOLLOW);
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, NOFOLLOW);

    /** What a name in the directory is, its link not followed. */
    enum Kind { MISSING, FILE, DIRECTORY, LINK, OTHER }

    private final SecureDirectoryStream<Path> stream;
    private final Path path;
    private final String shown;
    private final PosixFileAttributes owner;

    private VolumeDirectory(SecureDirectoryStream<Path> stream, Path path, String shown, PosixFileAttributes owner) {
        this.stream = stream;
        this.path = path;
        this.shown = shown;
        this.owner = owner;
    }

    /**
     * The root of a volume in {@code dir}, opened by its path. Unless {@code trusted} (Skiff's own
     * directory, which no function can replace), the directory opened must then be the one at
     * {@code dir} with no link on the way (the same file, by device and inode), so a link swapped in on
     * its path (by a function mounting a volume around it) is refused, whenever it came and went.
     */
    static VolumeDirectory root(Path dir, boolean trusted) throws IOException {
        SecureDirectoryStream<Path> opened = secure(Files.newDirectoryStream(dir));
        VolumeDirectory root = new VolumeDirectory(opened, dir, "",
                opened.getFileAttributeView(PosixFileAttributeView.class).readAttributes());
        if (!trusted && !root.isAt(dir)) {
            root.close();
            throw new IOException("the directory opened is not the one at " + dir);
        }
        return root;
    }

    /**
     * The directory {@code name} in this one, made when {@code create} and missing; this one stays open.
     *
     * @param leaf the name of the file the walk goes to, for messages
     * @throws SkiffException 400 when it is a link; 404 (reading) or 409 (writing) when it is missing or a file
     */
    VolumeDirectory enter(String name, boolean create, String leaf) {
        Kind kind = kind(name);
        if (kind == Kind.MISSING && create) {
            makeDirectory(name, leaf);
            kind = kind(name);
        }
        switch (kind) {
            case LINK -> throw link(name);
            case DIRECTORY -> {
                try {
                    return new VolumeDirectory(openDirectory(name), path.resolve(name), inside(name) + "/", owner);
                } catch (IOException e) {
                    throw kind(name) == Kind.LINK ? link(name) : failed("open", name, e);
                }
            }
            default -> throw create ? blockedBy(leaf) : VolumeFiles.notFound(leaf);
        }
    }

    /** What {@code name} is in this directory, not following a link. */
    Kind kind(String name) {
        BasicFileAttributes attributes = attributes(name);
        if (attributes == null) {
            return Kind.MISSING;
        }
        return attributes.isSymbolicLink() ? Kind.LINK : attributes.isDirectory() ? Kind.DIRECTORY
                : attributes.isRegularFile() ? Kind.FILE : Kind.OTHER;
    }

    /** The regular file {@code name}, open for reading; 400 when a link took its place. */
    FileChannel openRead(String name) {
        try {
            return fileChannel(stream.newByteChannel(Path.of(name), READ));
        } catch (IOException e) {
            throw kind(name) == Kind.LINK ? link(name) : failed("read", name, e);
        }
    }

    /** A new file {@code name}, open for writing; it must not exist, not even as a link. */
    FileChannel create(String name) {
        try {
            FileChannel channel = fileChannel(stream.newByteChannel(Path.of(name), CREATE));
            giveToOwner(name);
            return channel;
        } catch (IOException e) {
            throw failed("write", name, e);
        }
    }

    /** Renames {@code from} to {@code to} in this directory, replacing a file (or a link itself, never its target). */
    void rename(String from, String to) throws IOException {
        stream.move(Path.of(from), stream, Path.of(to));
    }

    /** Deletes the file {@code name}, if it is there. */
    void deleteQuietly(String name) {
        try {
            stream.deleteFile(Path.of(name));
        } catch (IOException e) {
            // already gone, or never made
        }
    }

    /** Every entry under this directory, recursively, by path relative to it; links are listed, not followed. */
    void list(String prefix, List<Entry> into) {
        for (Path child : stream) {
            String name = child.getFileName().toString();
            BasicFileAttributes attributes = attributes(name);
            if (attributes == null) {
                continue;
            }
            String relative = prefix + name;
            if (attributes.isSymbolicLink()) {
                into.add(new Entry(relative, "link", 0));
            } else if (attributes.isDirectory()) {
                into.add(new Entry(relative, "directory", 0));
                try (VolumeDirectory dir = new VolumeDirectory(openDirectory(name), path.resolve(name), inside(name) + "/", owner)) {
                    dir.list(relative + "/", into);
                } catch (IOException e) {
                    // replaced by a link or removed while listed: listed as it was, not entered
                }
            } else {
                into.add(attributes.isRegularFile() ? new Entry(relative, "file", attributes.size()) : new Entry(relative, "other", 0));
            }
        }
    }

    /** 400: {@code name} is a link, which the file API does not follow. */
    SkiffException link(String name) {
        return new SkiffException(ErrorCode.VALIDATION_FAILED, Quote.value(inside(name)) + " in the volume is a symbolic link, "
                + "which the file API does not follow (a link could lead out of the volume); name the file by its own path");
    }

    /** A failure to {@code what} {@code name}, named without the server's own paths. */
    SkiffException failed(String what, String name, IOException e) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : "an I/O error";
        return new SkiffException(ErrorCode.INTERNAL, "cannot " + what + " " + Quote.value(inside(name)) + ": " + reason);
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            // a directory opened for reading: nothing was lost
        }
    }

    /**
     * Gives what this directory's {@code name} is to the owner of the volume's root (through the open
     * directory, never following a link): a file uploaded to a Skiff volume belongs to the sandbox's
     * user, as the volume does, so its functions can change and remove it. Nothing when the server
     * owns the root itself.
     */
    private void giveToOwner(String name) throws IOException {
        PosixFileAttributeView view = stream.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes made = view.readAttributes();
        if (!made.owner().equals(owner.owner())) {
            view.setGroup(owner.group());
            view.setOwner(owner.owner());
        }
    }

    private String inside(String name) {
        return shown + name;
    }

    /**
     * Makes the directory {@code name} by its path, as Java has no {@code mkdirat}: a link swapped in
     * on the way at that instant could place one empty directory elsewhere, but the walk goes on only
     * from this open directory, so nothing is written through it.
     */
    private void makeDirectory(String name, String leaf) {
        try {
            Files.createDirectory(path.resolve(name));
            giveToOwner(name);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile, or a file or link is there: kind() says which
        } catch (IOException e) {
            throw failed("create the directories of", leaf, e);
        }
    }

    private boolean isAt(Path dir) {
        try {
            Object opened = stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            return opened != null && dir.toRealPath().equals(dir)
                    && opened.equals(Files.readAttributes(dir, BasicFileAttributes.class, NOFOLLOW).fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    private SecureDirectoryStream<Path> openDirectory(String name) throws IOException {
        return secure(stream.newDirectoryStream(Path.of(name), NOFOLLOW));
    }

    private BasicFileAttributes attributes(String name) {
        try {
            return stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failed("read", name, e);
        }
    }

    private static SkiffException blockedBy(String leaf) {
        return new SkiffException(ErrorCode.CONFLICT, "a file stands where a directory of " + Quote.value(leaf)
                + " must be: a file cannot be written under a file");
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) throws IOException {
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("this system cannot open files without following links");
    }

    private static FileChannel fileChannel(SeekableByteChannel channel) throws IOException {
        if (channel instanceof FileChannel file) {
            return file;
        }
        channel.close();
        throw new IOException("this system opens no file channel relative to a directory");
    }
}

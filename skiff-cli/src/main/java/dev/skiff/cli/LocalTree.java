package dev.skiff.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files under a local directory that a command sends ({@code deploy --from-file DIR}, {@code volume cp DIR}),
 * named relative to it. A symlink is sent as what it points to when that stays inside the directory (a directory
 * link is walked); a link that leaves it, is broken, or leads back to a directory that holds it is refused.
 */
final class LocalTree {
    /** One file to send: its '/'-separated name under the root, and the local path to read it from. */
    record Entry(String name, Path path) {}

    private final Path root;
    private final Path realRoot;
    private final Set<String> skipped;
    private final String prefix;
    private final Deque<Path> open = new ArrayDeque<>();
    private final List<Entry> entries = new ArrayList<>();

    private LocalTree(Path root, Path realRoot, Set<String> skipped, String prefix) {
        this.root = root;
        this.realRoot = realRoot;
        this.skipped = skipped;
        this.prefix = prefix;
    }

    /**
     * The files under {@code root} sorted by name, leaving out any file or directory named in {@code skipped};
     * a {@link CliException}, its message starting with {@code prefix}, for a link it refuses, before anything is sent.
     */
    static List<Entry> files(Path root, Set<String> skipped, String prefix) throws IOException {
        LocalTree tree = new LocalTree(root, root.toRealPath(), skipped, prefix);
        tree.walk(root, "", tree.realRoot);
        tree.entries.sort(Comparator.comparing(Entry::name));
        return List.copyOf(tree.entries);
    }

    private void walk(Path dir, String namePrefix, Path realDir) throws IOException {
        open.push(realDir);
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(child -> !skipped.contains(child.getFileName().toString())).sorted().toList();
        }
        for (Path child : children) {
            String name = namePrefix + child.getFileName();
            Path real = Files.isSymbolicLink(child) ? linkTarget(child) : child.toRealPath();
            if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                if (open.contains(real)) {
                    throw refused(child, real, "a directory that holds it, so it would be copied forever; remove the link");
                }
                walk(child, name + "/", real);
            } else if (Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                entries.add(new Entry(name, child));
            }
        }
        open.pop();
    }

    /** Where the link {@code link} leads, fully resolved, when that is inside the root; refused otherwise. */
    private Path linkTarget(Path link) throws IOException {
        Path real;
        try {
            real = link.toRealPath();
        } catch (NoSuchFileException e) {
            Path target = link.toAbsolutePath().resolveSibling(Files.readSymbolicLink(link)).normalize();
            throw refused(link, target, "which does not exist; fix or remove the link");
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null
                    ? f.getReason() : e.getMessage();
            throw new CliException(prefix + link + " is a link that cannot be followed (" + reason
                    + "); fix or remove the link", e);
        }
        if (!real.startsWith(realRoot)) {
            String kind = Files.isDirectory(real) ? "directory" : "file";
            throw refused(link, real, "outside " + root + "; copy the " + kind + " in or remove the link");
        }
        return real;
    }

    private CliException refused(Path link, Path target, String why) {
        return new CliException(prefix + link + " is a link to " + target + ", " + why);
    }
}

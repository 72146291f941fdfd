package dev.skiff.server.control;

import dev.skiff.api.Quote;
import dev.skiff.api.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of the machine's directories a user's own volume ({@code path}) may be: not the system's
 * directories, not one every user shares, not Skiff's data directory, its surroundings or anything in
 * it, not through a symbolic link, and inside a {@code --volume-root} when the server has any. The file
 * API reads and writes a volume as the server, so a volume on {@code /etc} would hand the host to
 * whoever calls it. docs/api.md ("Which directory a volume may be") lists the rules with the reasons.
 */
public final class VolumeDirectoryRules {
    /** Refused, with every directory inside them and every directory containing them. */
    private static final Map<String, String> SYSTEM = systemDirectories();
    /** Refused as themselves only: every user or program keeps files there; a directory below them is one's own. */
    private static final Set<Path> SHARED = Set.of("/home", "/tmp", "/var/tmp", "/mnt", "/media", "/opt", "/srv").stream()
            .map(Path::of).collect(Collectors.toSet());

    private final List<Path> dataDirectories;
    private final List<Path> roots;

    /**
     * The rules of a server whose data directory is {@code dataDir}, restricting volumes to
     * {@code volumeRoots} when there are any.
     *
     * @throws IllegalArgumentException when a volume root is not a directory
     */
    public VolumeDirectoryRules(Path dataDir, List<Path> volumeRoots) {
        this.dataDirectories = List.copyOf(bothForms(dataDir));
        List<Path> real = new ArrayList<>();
        for (Path root : volumeRoots) {
            try {
                Path resolved = root.toAbsolutePath().toRealPath();
                if (Files.isDirectory(resolved)) {
                    real.add(resolved);
                    continue;
                }
            } catch (IOException | SecurityException e) {
                // not there: refused below
            }
            throw new IllegalArgumentException("--volume-root " + root + " is not a directory on this machine");
        }
        this.roots = List.copyOf(real);
    }

    /** The data directory as configured and its real path: where Skiff's own files are, by either name. */
    public List<Path> dataDirectories() {
        return dataDirectories;
    }

    /**
     * The directory a new volume of the user's may use at {@code path}: its real path, the same as the
     * path given, since a path through a link is refused.
     *
     * @throws ValidationException 400 on {@code path} naming the rule it breaks
     */
    public Path check(String path) {
        Path dir;
        try {
            dir = Path.of(path);
        } catch (InvalidPathException e) {
            throw refused(path, "is not a path: " + e.getReason());
        }
        if (!dir.isAbsolute()) {
            throw refused(path, "must be an absolute path");
        }
        dir = dir.normalize();
        Optional<String> broken = rule(dir);
        if (broken.isPresent()) {
            throw refused(path, broken.get() + advice());
        }
        if (!Files.isDirectory(dir)) {
            throw refused(path, "is not a directory on the server's machine");
        }
        Optional<String> linked = throughLink(dir, advice());
        if (linked.isPresent()) {
            throw refused(path, linked.get());
        }
        return dir;
    }

    /** Why a stored volume of the user's on {@code dir} may no longer be used, or empty when it may (or is gone). */
    public Optional<String> refusal(Path dir) {
        Optional<String> broken = rule(dir);
        return broken.isPresent() || !Files.isDirectory(dir) ? broken : throughLink(dir, "");
    }

    /** What to give instead of a refused directory. */
    private String advice() {
        return roots.isEmpty() ? "; give a directory of your own, e.g. one under /srv or your home directory"
                : "; give a directory of your own inside " + roots.stream().map(Path::toString).collect(Collectors.joining(" or "));
    }

    /** The rule a normalized absolute {@code dir} breaks, as the end of a sentence that starts with it. */
    private Optional<String> rule(Path dir) {
        if (dir.getParent() == null) {
            return Optional.of("is the root of the machine's file system");
        }
        for (Map.Entry<String, String> entry : SYSTEM.entrySet()) {
            Path system = Path.of(entry.getKey());
            if (dir.startsWith(system)) {
                String where = dir.equals(system) ? "is " : "is inside " + system + ", ";
                return Optional.of(where + "a system directory (" + entry.getValue() + ")");
            }
            if (system.startsWith(dir)) {
                return Optional.of("contains " + system + ", a system directory (" + entry.getValue() + ")");
            }
        }
        if (SHARED.contains(dir)) {
            return Optional.of("is a directory every user or program of the machine keeps files in");
        }
        for (Path data : dataDirectories) {
            if (dir.startsWith(data) || data.startsWith(dir)) {
                String where = dir.equals(data) ? "is" : dir.startsWith(data) ? "is inside" : "contains";
                return Optional.of(where + " Skiff's data directory (its database, the functions' code and "
                        + "Skiff's own volumes)");
            }
        }
        if (!roots.isEmpty() && roots.stream().noneMatch(dir::startsWith)) {
            return Optional.of("is outside the directories this server lets volumes use (--volume-root)");
        }
        return Optional.empty();
    }

    /** Why an existing {@code dir} is refused for leading through a symbolic link (then {@code advice}), or empty when it does not. */
    private Optional<String> throughLink(Path dir, String advice) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot be resolved on the server's machine");
        }
        if (real.equals(dir)) {
            return Optional.empty();
        }
        String leads = "leads through a symbolic link to " + Quote.value(real.toString());
        return Optional.of(rule(real).map(broken -> leads + ", which " + broken + advice)
                .orElse(leads + "; give that real path, so that the volume stays the directory that was checked"));
    }

    private static ValidationException refused(String path, String why) {
        return ValidationException.of("path", Quote.value(path) + " " + why);
    }

    /** {@code dir} absolute and normalized, and its real path when it has one. */
    private static Set<Path> bothForms(Path dir) {
        Set<Path> forms = new LinkedHashSet<>();
        forms.add(dir.toAbsolutePath().normalize());
        try {
            forms.add(dir.toRealPath());
        } catch (IOException | SecurityException e) {
            // not made yet: its path as given is all there is to compare
        }
        return forms;
    }

    private static Map<String, String> systemDirectories() {
        String programs = "the machine's programs and libraries";
        Map<String, String> system = new LinkedHashMap<>();
        system.put("/etc", "the machine's configuration: users, password hashes, services");
        system.put("/proc", "the kernel's view of every process");
        system.put("/sys", "the kernel's devices and settings");
        system.put("/dev", "the machine's devices and disks");
        system.put("/boot", "the kernel and boot loader");
        system.put("/root", "the superuser's home");
        for (String dir : List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
            system.put(dir, programs);
        }
        system.put("/run", "the running services' state and sockets");
        system.put("/var/run", "the running services' state and sockets");
        system.put("/var/lock", "the running services' locks");
        system.put("/var/lib", "the services' and packages' state: databases, package lists");
        system.put("/var/log", "the machine's logs");
        system.put("/var/spool", "cron tables and mail queues");
        system.put("/var/backups", "copies of the password files");
        system.put("/var/cache", "the package manager's and services' caches");
        system.put("/var/mail", "the users' mail");
        return Collections.unmodifiableMap(system);
    }
}

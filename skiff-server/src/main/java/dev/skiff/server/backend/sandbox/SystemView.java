package dev.skiff.server.backend.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bubblewrap arguments showing a sandbox the host's system files, read-only, and nothing else:
 * {@code /usr}; the top-level links into it ({@code /bin}, {@code /lib}, {@code /lib64},
 * {@code /sbin} on a merged-/usr system) or those directories themselves where they are real; and
 * the files of {@code /etc} that programs read (users and groups, name resolution, the dynamic
 * linker's cache, time zone, certificates, the alternatives' links, Python's and Java's settings).
 * Not {@code /root}, {@code /home}, {@code /var}, {@code /opt}, {@code /srv}, {@code /mnt},
 * {@code /run}, {@code /sys}, the rest of {@code /etc} (keys, shadow files, other services' settings).
 */
final class SystemView {
    private static final Path ROOT = Path.of("/");
    private static final Path USR = Path.of("/usr");
    private static final Path ETC = Path.of("/etc");
    /** Top-level directories shown read-only when they are real directories rather than links into /usr. */
    private static final Set<String> SYSTEM_DIRS = Set.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
    /** Entries of /etc a program may read, by exact name. */
    private static final Set<String> ETC_FILES = Set.of("passwd", "group", "hosts", "resolv.conf", "nsswitch.conf",
            "host.conf", "gai.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "ssl",
            "ca-certificates", "ca-certificates.conf", "alternatives", "mime.types", "protocols", "services",
            "os-release", "debian_version", "fonts", "magic", "magic.mime", "login.defs", "pki", "crypto-policies");
    /** Entries of /etc a program may read, by prefix: interpreters' and libraries' own settings. */
    private static final List<String> ETC_PREFIXES = List.of("python", "java-", "ImageMagick", "nodejs", "gtk-");

    private final HostFiles host;

    SystemView(HostFiles host) {
        this.host = host;
    }

    /** The arguments, in the order bwrap must apply them. */
    List<String> args() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", USR.toString(), USR.toString()));
        for (Path child : host.list(ROOT)) {
            String name = child.getFileName().toString();
            Optional<Path> target = host.symlinkTarget(child);
            if (target.isPresent()) {
                Path resolved = ROOT.resolve(target.get()).normalize();
                if (resolved.startsWith(USR)) {
                    args.addAll(List.of("--symlink", target.get().toString(), child.toString()));
                }
            } else if (SYSTEM_DIRS.contains(name) && host.isDirectory(child)) {
                args.addAll(List.of("--ro-bind", child.toString(), child.toString()));
            }
        }
        args.addAll(List.of("--perms", "0755", "--dir", ETC.toString()));
        for (Path entry : host.list(ETC)) {
            String name = entry.getFileName().toString();
            if (ETC_FILES.contains(name) || ETC_PREFIXES.stream().anyMatch(name::startsWith)) {
                args.addAll(List.of("--ro-bind-try", entry.toString(), entry.toString()));
            }
        }
        return args;
    }

    /** True when a sandbox sees {@code path} without a bind of its own: it lies under /usr. */
    static boolean shown(Path path) {
        return path.toAbsolutePath().normalize().startsWith(USR);
    }
}

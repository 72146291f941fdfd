package dev.skiff.runtimes.java;

import dev.skiff.function.SkiffFunction;
import dev.skiff.worker.JavaWorker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes the Java worker's jar: the bootstrap's classes ({@code dev.skiff.worker}) and the function
 * interface's ({@code dev.skiff.function}), copied from wherever Skiff's own classes were loaded (a
 * jar or a classes directory). The jar's bytes depend only on those classes, so it is rewritten only
 * when they change and class-data caches made against it stay valid.
 */
final class WorkerJar {
    /** The jar's file name under the bootstrap directory's {@code java} folder. */
    static final String NAME = "skiff-java-worker.jar";
    private static final long FIXED_TIME = 315_532_800_000L;

    private WorkerJar() {}

    /** Writes the jar to {@code target} unless it already holds the same bytes; returns {@code target}. */
    static Path install(Path target) {
        try {
            Map<String, byte[]> classes = new TreeMap<>();
            collect(JavaWorker.class, "dev/skiff/worker/", classes);
            collect(SkiffFunction.class, "dev/skiff/function/", classes);
            byte[] jar = jar(classes);
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), jar)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), NAME, ".tmp");
            // Readable by everyone: sandboxed workers run as another, unprivileged user.
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.write(temporary, jar);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Java worker's jar " + target, e);
        }
    }

    private static void collect(Class<?> anchor, String prefix, Map<String, byte[]> into) throws IOException {
        Path source;
        try {
            source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot find where " + anchor.getName() + " was loaded from", e);
        }
        if (Files.isDirectory(source)) {
            Path dir = source.resolve(prefix);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    into.put(prefix + dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        into.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
    }

    private static byte[] jar(Map<String, byte[]> classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, JavaWorker.class.getName());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            JarEntry manifestEntry = new JarEntry(JarFile.MANIFEST_NAME);
            manifestEntry.setTime(FIXED_TIME);
            out.putNextEntry(manifestEntry);
            manifest.write(out);
            out.closeEntry();
            for (Map.Entry<String, byte[]> file : classes.entrySet()) {
                JarEntry entry = new JarEntry(file.getKey());
                entry.setTime(FIXED_TIME);
                out.putNextEntry(entry);
                out.write(file.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}

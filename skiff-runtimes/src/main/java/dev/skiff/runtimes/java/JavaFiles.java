package dev.skiff.runtimes.java;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** File helpers of the Java runtime: a revision's class path, content hashes, deleting trees. */
final class JavaFiles {
    /** The jar the compiled sources are packed into, in the deps directory. */
    static final String COMPILED_JAR = "function.jar";

    private JavaFiles() {}

    /** The function's jars, in class-path order: the code directory's, then the deps directory's, each sorted by name. */
    static List<Path> functionJars(Path codeDir, Path depsDir) throws IOException {
        List<Path> jars = new ArrayList<>(jarsIn(codeDir));
        jars.addAll(jarsIn(depsDir));
        return jars;
    }

    private static List<Path> jarsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
                    .map(Path::toAbsolutePath).sorted().toList();
        }
    }

    /** The SHA-256 of the files' names and contents and of {@code extra}, in hex. */
    static String sha256(List<Path> files, String extra) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (Path file : files) {
            digest.update((file.getFileName() + "\n" + Files.size(file) + "\n").getBytes(StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        digest.update(extra.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Deletes a directory tree if it exists; failures are ignored (a temporary directory). */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}

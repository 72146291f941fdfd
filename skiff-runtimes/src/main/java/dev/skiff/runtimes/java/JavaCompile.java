package dev.skiff.runtimes.java;

import dev.skiff.runtimes.PrepareException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a function's {@code .java} sources in-process with the JDK's compiler and packs the
 * classes into one jar, since class-data sharing only covers classes loaded from jars.
 */
final class JavaCompile {
    private static final int MAX_ERRORS = 10;
    private static final long FIXED_TIME = 315_532_800_000L;

    private JavaCompile() {}

    /** The {@code .java} files under {@code codeDir}, sorted; empty when the function is given as jars. */
    static List<Path> sources(Path codeDir) throws IOException {
        try (Stream<Path> files = Files.walk(codeDir)) {
            return files.filter(file -> file.toString().endsWith(".java") && Files.isRegularFile(file)).sorted().toList();
        }
    }

    /**
     * Compiles {@code sources} for Java {@code release} against {@code classPath} and writes the
     * classes (and nothing else) to {@code jar}.
     *
     * @throws PrepareException with the compiler's errors, each as {@code File.java:3: error: message}
     */
    static void run(Path codeDir, List<Path> sources, List<Path> classPath, int release, Path jar) throws PrepareException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new PrepareException("Skiff runs on a Java runtime without a compiler (javac); run it on a JDK to deploy .java sources");
        }
        Path classes = null;
        try {
            classes = Files.createTempDirectory(jar.getParent(), "classes");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            StringWriter output = new StringWriter();
            boolean ok;
            try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", Integer.toString(release), "-encoding", "UTF-8",
                        "-parameters", "-g", "-proc:none", "-implicit:class",
                        "-classpath", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()),
                        "-d", classes.toString());
                ok = compiler.getTask(output, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
            }
            if (!ok) {
                throw new PrepareException(errors(codeDir, diagnostics, output.toString()));
            }
            pack(classes, jar);
        } catch (IOException e) {
            throw new PrepareException("cannot compile the function: " + e.getMessage());
        } finally {
            JavaFiles.deleteTree(classes);
        }
    }

    private static String errors(Path codeDir, DiagnosticCollector<JavaFileObject> diagnostics, String output) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR || lines.size() == MAX_ERRORS) {
                continue;
            }
            String where = "";
            if (diagnostic.getSource() != null) {
                Path file = Path.of(diagnostic.getSource().toUri());
                where = (file.startsWith(codeDir) ? codeDir.relativize(file) : file) + ":" + diagnostic.getLineNumber() + ": ";
            }
            lines.add(where + "error: " + diagnostic.getMessage(Locale.ROOT));
        }
        if (lines.isEmpty()) {
            return "javac failed: " + output.strip();
        }
        return String.join("\n", lines);
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry entry = new JarEntry(classes.relativize(path).toString().replace('\\', '/'));
                entry.setTime(FIXED_TIME);
                out.putNextEntry(entry);
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}

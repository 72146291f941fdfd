package dev.skiff.runtimes.java;

import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BuildStep;
import dev.skiff.runtimes.InstallTool;
import dev.skiff.runtimes.PrepareException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles a function's {@code .java} sources with the JDK's {@code javac}, in the build's sandbox
 * (annotation processors off: compiling runs none of the function's code, but the compiler still
 * reads what the sources and jars point it to), and packs the classes into one jar, since
 * class-data sharing only covers classes loaded from jars.
 */
final class JavaCompile {
    private static final int MAX_ERRORS = 10;
    private static final long FIXED_TIME = 315_532_800_000L;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ERROR = Pattern.compile("^(.*\\.java):(\\d+): error: (.*)$");
    private static final Path JAVAC = Path.of(System.getProperty("java.home"), "bin", "javac");

    private JavaCompile() {}

    /** The {@code .java} files under {@code codeDir}, sorted; empty when the function is given as jars. */
    static List<Path> sources(Path codeDir) throws IOException {
        try (Stream<Path> files = Files.walk(codeDir)) {
            return files.filter(file -> file.toString().endsWith(".java") && Files.isRegularFile(file)).sorted().toList();
        }
    }

    /**
     * Compiles {@code sources} for Java {@code release} against {@code classPath} in {@code sandbox}
     * and writes the classes (and nothing else) to {@code jar}.
     *
     * @throws PrepareException with the compiler's errors, each as {@code File.java:3: error: message}
     */
    static void run(BuildSandbox sandbox, Path codeDir, List<Path> sources, List<Path> classPath, int release, Path jar)
            throws PrepareException {
        if (!Files.isExecutable(JAVAC)) {
            throw new PrepareException("Skiff runs on a Java runtime without a compiler (" + JAVAC
                    + " is missing); run it on a JDK to deploy .java sources");
        }
        Path classes = null;
        try {
            classes = Files.createTempDirectory(jar.getParent(), "classes");
            List<String> argv = new ArrayList<>(List.of(JAVAC.toString(), "-J-XX:+UseSerialGC",
                    "-J-XX:TieredStopAtLevel=1", "-J-Duser.language=en", "-J-Duser.country=US",
                    "--release", Integer.toString(release), "-encoding", "UTF-8", "-parameters", "-g", "-proc:none",
                    "-implicit:class", "-Xmaxerrs", Integer.toString(MAX_ERRORS), "-classpath",
                    String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()),
                    "-d", classes.toString()));
            sources.forEach(source -> argv.add(source.toString()));
            BuildStep step = new BuildStep(argv, codeDir, BuildStep.hostEnv(List.of()), List.of(codeDir),
                    List.of(classes), 0);
            InstallTool.run("javac", sandbox, step, TIMEOUT, output -> errors(codeDir, output));
            pack(classes, jar);
        } catch (IOException e) {
            throw new PrepareException("cannot compile the function: " + e.getMessage());
        } finally {
            JavaFiles.deleteTree(classes);
        }
    }

    /** javac's error lines, at most {@link #MAX_ERRORS}, their files relative to the code; else its output. */
    static String errors(Path codeDir, String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher matcher = ERROR.matcher(line);
            if (!matcher.matches() || lines.size() == MAX_ERRORS) {
                continue;
            }
            Path file = Path.of(matcher.group(1));
            String where = (file.startsWith(codeDir) ? codeDir.relativize(file) : file.getFileName()).toString();
            lines.add(where + ":" + matcher.group(2) + ": error: " + matcher.group(3));
        }
        return lines.isEmpty() ? "javac failed: " + output.strip() : String.join("\n", lines);
    }

    /** Packs the regular files javac wrote (never following a link) into {@code jar}. */
    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                JarEntry entry = new JarEntry(classes.relativize(path).toString().replace('\\', '/'));
                entry.setTime(FIXED_TIME);
                out.putNextEntry(entry);
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}

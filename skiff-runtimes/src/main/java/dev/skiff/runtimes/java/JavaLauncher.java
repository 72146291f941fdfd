package dev.skiff.runtimes.java;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code java} that runs workers: {@code SKIFF_JAVA} (a {@code java} executable or a JDK's home)
 * when set, else the one running Skiff. It must be Java 21 or newer.
 */
final class JavaLauncher {
    /** The oldest Java a worker runs on. */
    static final int MINIMUM_FEATURE = 21;
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");

    private final String configured;
    private Path executable;
    private int feature;

    JavaLauncher(String configured) {
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
    }

    /** The launcher chosen by {@code SKIFF_JAVA}, else this JVM's own. */
    static JavaLauncher fromEnvironment() {
        return new JavaLauncher(System.getenv("SKIFF_JAVA"));
    }

    /**
     * The {@code java} executable, checked once.
     *
     * @throws IllegalStateException when it is missing or older than Java 21
     */
    synchronized Path executable() {
        if (executable == null) {
            resolve();
        }
        return executable;
    }

    /** The Java feature version of {@link #executable()}, e.g. 25. */
    synchronized int feature() {
        executable();
        return feature;
    }

    private void resolve() {
        Path java;
        int version;
        if (configured == null) {
            java = Path.of(System.getProperty("java.home"), "bin", "java");
            version = Runtime.version().feature();
        } else {
            Path path = Path.of(configured);
            java = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
            if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
                throw new IllegalStateException("SKIFF_JAVA names " + configured + ", which is not a java executable or a JDK");
            }
            version = ask(java);
        }
        if (version < MINIMUM_FEATURE) {
            throw new IllegalStateException("Java functions need Java " + MINIMUM_FEATURE + " or newer; " + java
                    + " is Java " + version + " (set SKIFF_JAVA to a newer one)");
        }
        executable = java.toAbsolutePath();
        feature = version;
    }

    private static int ask(Path java) {
        try {
            Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Matcher matcher = VERSION.matcher(output);
            if (!matcher.find()) {
                throw new IllegalStateException("cannot tell the version of " + java + ": " + output.strip());
            }
            int major = Integer.parseInt(matcher.group(1));
            return major == 1 ? 8 : major;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + java + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + java + " for its version", e);
        }
    }
}

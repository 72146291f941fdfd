package dev.skiff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version of this build, read from the {@code version.properties} Maven filled in. */
public final class SkiffVersion implements CommandLine.IVersionProvider {

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the build left no record. */
    public static String version() {
        try (InputStream in = SkiffVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The lines {@code skiff version} prints: Skiff's version, then the Java running it. */
    public static String[] lines() {
        return new String[] {
            "skiff " + version(),
            "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
                    + System.getProperty("java.home")
        };
    }

    /** The same lines for {@code skiff --version}. */
    @Override
    public String[] getVersion() {
        return lines();
    }
}

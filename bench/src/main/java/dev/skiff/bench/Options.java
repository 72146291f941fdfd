package dev.skiff.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A benchmark's knobs, read from system properties ({@code -Dbench.measure=10}) so that bench/run
 * passes them through {@code BENCH_JAVA_OPTS}; each has a default sized for a run of a few minutes.
 */
public final class Options {
    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private Options() {}

    /** A duration given in (possibly fractional) seconds. */
    public static Duration seconds(String property, double defaultSeconds) {
        double seconds = Double.parseDouble(System.getProperty(property, Double.toString(defaultSeconds)));
        if (seconds < 0) {
            throw new IllegalArgumentException(property + " must not be negative: " + seconds);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** A positive whole number. */
    public static int count(String property, int defaultValue) {
        return atLeast(property, defaultValue, 1);
    }

    /** A whole number, 0 or more. */
    public static int nonNegative(String property, int defaultValue) {
        return atLeast(property, defaultValue, 0);
    }

    private static int atLeast(String property, int defaultValue, int least) {
        int value = Integer.parseInt(System.getProperty(property, Integer.toString(defaultValue)).strip());
        if (value < least) {
            throw new IllegalArgumentException(property + " must be " + least + " or more: " + value);
        }
        return value;
    }

    /** A comma-separated list of positive whole numbers, e.g. {@code 1,16,64}. */
    public static int[] counts(String property, int... defaultValues) {
        String value = System.getProperty(property);
        if (value == null) {
            return defaultValues.clone();
        }
        int[] parsed = Arrays.stream(value.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
        if (parsed.length == 0 || Arrays.stream(parsed).anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException(property + " must list numbers of 1 or more: " + value);
        }
        return parsed;
    }

    /** Where reports go: {@code bench.results}, else {@code bench/results} under the working directory. */
    public static Path results() {
        return Path.of(System.getProperty("bench.results", "bench/results"));
    }

    /** True when {@code property} is {@code true} (default false). */
    public static boolean flag(String property) {
        return Boolean.parseBoolean(System.getProperty(property, "false").strip());
    }

    /** The Python interpreter: {@code bench.python}, else /usr/bin/python3 when present, else python3. */
    public static String python() {
        String configured = System.getProperty("bench.python");
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return Files.isExecutable(SYSTEM_PYTHON) ? SYSTEM_PYTHON.toString() : "python3";
    }
}

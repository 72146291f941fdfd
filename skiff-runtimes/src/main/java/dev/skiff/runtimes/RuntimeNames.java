package dev.skiff.runtimes;

import dev.skiff.runtimes.node.NodeRuntime;
import dev.skiff.runtimes.python.PythonRuntime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runtime names other platforms use (kubeless's {@code python3.7}, {@code python37}, {@code nodejs14},
 * {@code nodejs14.x}) mapped to the runtime Skiff runs them on; pure, so the server and the operator agree.
 */
public final class RuntimeNames {
    /** The annotation recording the runtime a function asked for when it was mapped to another name. */
    public static final String REQUESTED = "skiff.dev/requested-runtime";

    /** The annotation naming the interpreter (and its version) that runs a function whose runtime name was mapped. */
    public static final String INTERPRETER = "skiff.dev/interpreter";

    private static final Pattern PYTHON3 = Pattern.compile("python3\\.?\\d+(\\.x)?");
    private static final Pattern PYTHON2 = Pattern.compile("python2(\\.?\\d+)?(\\.x)?");
    private static final Pattern NODEJS = Pattern.compile("node(js)?\\d+(\\.x)?");

    private RuntimeNames() {}

    /** The Skiff runtime {@code requested} runs on when it is another platform's name for one; empty otherwise. */
    public static Optional<String> alias(String requested) {
        if (requested == null) {
            return Optional.empty();
        }
        String name = requested.strip().toLowerCase(Locale.ROOT);
        if (PYTHON3.matcher(name).matches()) {
            return Optional.of(PythonRuntime.NAME);
        }
        if (NODEJS.matcher(name).matches()) {
            return Optional.of(NodeRuntime.NAME);
        }
        return Optional.empty();
    }

    /** True for a Python 2 runtime name ({@code python2.7}, {@code python27}, {@code python2}). */
    public static boolean isPython2(String requested) {
        return requested != null && PYTHON2.matcher(requested.strip().toLowerCase(Locale.ROOT)).matches();
    }

    /** The refusal of a Python 2 runtime on a machine without a Python 2 interpreter, saying what to do instead. */
    public static String python2Refusal(String requested) {
        return python2Refusal(requested, Optional.empty());
    }

    /**
     * The refusal of a Python 2 runtime, saying what to do instead; {@code python2} is the Python 2
     * interpreter the machine has, if any, which Skiff's worker (Python 3 code) cannot run on either.
     */
    public static String python2Refusal(String requested, Optional<java.nio.file.Path> python2) {
        String why = python2.map(path -> "Python 2 is at " + path + " on this server, but Skiff's Python worker runs on"
                + " Python 3 only").orElse("Python 2 is not installed on this server");
        return "runtime '" + requested + "': " + why + " (Python 2 reached its end of life in 2020); port the handler"
                + " to Python 3 (e.g. print event becomes print(event)) and deploy it with --runtime python3";
    }

    /** The machine's Python 2 interpreter, if it has one where Debian and source builds put it. */
    public static Optional<java.nio.file.Path> python2Interpreter() {
        return java.util.stream.Stream.of("/usr/bin/python2.7", "/usr/bin/python2", "/usr/local/bin/python2.7")
                .map(java.nio.file.Path::of).filter(java.nio.file.Files::isExecutable).findFirst();
    }
}

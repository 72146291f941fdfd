package dev.skiff.runtimes.http;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.runtimes.python.PythonInterpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code http} runtime: any program that serves HTTP on {@code $PORT}, run from the code
 * directory as {@code spec.command} says, never through a shell. It knows nothing of Skiff, so it is
 * ready once it answers HTTP. A bare {@code python3} as the program runs with the interpreter the
 * {@code python3} runtime uses (so Debian's python3-flask loads); any other program is found on PATH.
 */
public final class HttpRuntime implements LanguageRuntime {
    /** The runtime's name in {@code spec.runtime}. */
    public static final String NAME = "http";
    private static final String PYTHON = "python3";

    private final PythonInterpreter python;

    /** The runtime, resolving {@code python3} as {@code config} says. */
    public HttpRuntime(RuntimeConfig config) {
        this.python = PythonInterpreter.of(config);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** An HTTP app has no handler: its command is its entry point. */
    @Override
    public boolean needsHandler() {
        return false;
    }

    @Override
    public FunctionSpec defaults(FunctionSpec spec) {
        return spec;
    }

    /** Requires a command, and refuses requirements (nothing installs them for an arbitrary program). */
    @Override
    public List<FieldError> validate(FunctionSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        List<String> command = spec.command();
        if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            errors.add(new FieldError("spec.command", "is required: the program serving HTTP on $PORT and its "
                    + "arguments, e.g. [\"python3\", \"app.py\"]"));
        } else if (command.get(0).startsWith("-")) {
            errors.add(new FieldError("spec.command", "'" + command.get(0) + "' is not a program"));
        } else if (command.stream().anyMatch(arg -> arg == null)) {
            errors.add(new FieldError("spec.command", "has an empty argument"));
        }
        if (spec.requirements() != null && !spec.requirements().isBlank()) {
            errors.add(new FieldError("spec.requirements", "is not supported by the http runtime: "
                    + "deploy the app's dependencies with its code, or use packages installed on the machine"));
        }
        return errors;
    }

    /** Nothing to install: the code is the app. */
    @Override
    public void prepare(RevisionFiles work, FunctionSpec spec, BuildSandbox sandbox) throws PrepareException {
        // An HTTP app brings everything it needs in its code directory.
    }

    /** The command as given (a bare {@code python3} resolved), ready when it answers HTTP. */
    @Override
    public WorkerCommand command(RevisionFiles work, FunctionSpec spec) {
        List<String> argv = new ArrayList<>(spec.command());
        if (PYTHON.equals(argv.get(0))) {
            argv.set(0, python.path());
        }
        return new WorkerCommand(argv, Map.of("PYTHONUNBUFFERED", "1"), WorkerCommand.Readiness.HTTP_PROBE);
    }
}

package dev.skiff.runtimes.command;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import dev.skiff.runtimes.BootstrapScripts;
import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.runtimes.python.PythonInterpreter;
import dev.skiff.runtimes.python.PythonRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code command} runtime: a function that runs allow-listed executables ({@code spec.allowedCommands})
 * on its volumes, one job per request in the Montage task format; its worker is
 * {@code skiff_command_worker.py}, run by the same interpreter as {@code python3} functions.
 *
 * <p>The worker and the Python worker it imports are written to one directory, as {@code __main__.py}
 * and {@code skiff_worker.py}, and the interpreter runs that directory: the argv then names all the
 * worker's files, which is what a sandbox makes readable.
 */
public final class CommandRuntime implements LanguageRuntime {
    /** The runtime's name in {@code spec.runtime}. */
    public static final String NAME = "command";
    /** The handler every command function has: the worker itself, nothing of the user's. */
    public static final String HANDLER = "command";
    /** The source a command function gets when it sends none: it has no code of its own. */
    public static final Source NO_SOURCE = new Source("command.txt", "", Source.ContentType.TEXT.label());
    /** The variable naming the allowed executables, comma-separated. */
    public static final String ALLOWED_COMMANDS_ENV = "SKIFF_ALLOWED_COMMANDS";
    /** The variable listing the volumes as {@code name=/mount/path}, comma-separated. */
    public static final String VOLUMES_ENV = "SKIFF_VOLUMES";
    private static final String RESERVED_ENV_PREFIX = "SKIFF_";
    private static final String BOOTSTRAP = "skiff_command_worker.py";
    private static final String SHARED_BOOTSTRAP = "skiff_worker.py";
    private static final String MAIN = "__main__.py";

    private final PythonInterpreter interpreter;
    private final Path bootstrapDir;

    /** The runtime, writing its worker and the Python worker it builds on under {@code <bootstrapDir>/command}. */
    public CommandRuntime(RuntimeConfig config) {
        this.bootstrapDir = config.bootstrapDir().resolve("command");
        this.interpreter = PythonInterpreter.of(config);
        BootstrapScripts.install(PythonRuntime.class, SHARED_BOOTSTRAP, bootstrapDir.resolve(SHARED_BOOTSTRAP));
        BootstrapScripts.install(CommandRuntime.class, BOOTSTRAP, bootstrapDir.resolve(MAIN));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Fills the fixed handler and an empty source, neither of which a command function needs. */
    @Override
    public FunctionSpec defaults(FunctionSpec spec) {
        if (spec == null) {
            return null;
        }
        boolean noHandler = spec.handler() == null || spec.handler().isBlank();
        return spec.toBuilder()
                .handler(noHandler ? HANDLER : spec.handler())
                .source(spec.source() == null ? NO_SOURCE : spec.source())
                .build();
    }

    /**
     * Needs at least one allowed command and one volume; takes no handler, command, requirements, or
     * {@code SKIFF_*} variable in {@code spec.env} (which would override the allow-list or a volume's path).
     */
    @Override
    public List<FieldError> validate(FunctionSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.allowedCommands() == null || spec.allowedCommands().isEmpty()) {
            errors.add(new FieldError("spec.allowedCommands",
                    "a command function needs the executables it may run (e.g. [mProject, mDiffFit])"));
        }
        if (spec.volumes() == null || spec.volumes().isEmpty()) {
            errors.add(new FieldError("spec.volumes", "a command function needs a volume for its jobs' rundir"));
        }
        if (spec.handler() != null && !spec.handler().equals(HANDLER)) {
            errors.add(new FieldError("spec.handler", "a command function has no handler; leave it out"));
        }
        if (spec.command() != null) {
            errors.add(new FieldError("spec.command", "the command runtime takes no command; list the executables "
                    + "its jobs may run in spec.allowedCommands"));
        }
        if (spec.requirements() != null) {
            errors.add(new FieldError("spec.requirements", "the command runtime installs no requirements"));
        }
        if (spec.env() != null) {
            spec.env().keySet().stream().filter(name -> name.startsWith(RESERVED_ENV_PREFIX)).sorted().forEach(name ->
                    errors.add(new FieldError("spec.env." + name, "SKIFF_* variables are the worker's own: they carry "
                            + "the allow-list and the volumes")));
        }
        return errors;
    }

    /** Nothing to install: creates the empty dependencies directory. */
    @Override
    public void prepare(RevisionFiles work, FunctionSpec spec, BuildSandbox sandbox) throws PrepareException {
        try {
            Files.createDirectories(work.depsDir());
        } catch (IOException e) {
            throw new PrepareException("cannot create " + work.depsDir() + ": " + e.getMessage());
        }
    }

    /**
     * Runs the worker with the allow-list and the volumes' mount paths in its environment; the server adds
     * {@code SKIFF_VOLUME_<NAME>} when a volume is not mounted at its mount path.
     *
     * @throws IllegalStateException when no Python interpreter can be found
     */
    @Override
    public WorkerCommand command(RevisionFiles work, FunctionSpec spec) {
        return new WorkerCommand(List.of(interpreter.path(), "-E", "-s", "-u", bootstrapDir.toString()), Map.of(
                ALLOWED_COMMANDS_ENV, String.join(",", spec.allowedCommands()),
                VOLUMES_ENV, volumes(spec.volumes())));
    }

    /** The environment variable naming the real directory of volume {@code name}, e.g. {@code SKIFF_VOLUME_MONTAGE_DATA}. */
    public static String volumeEnv(String name) {
        return "SKIFF_VOLUME_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String volumes(List<VolumeMount> mounts) {
        return mounts.stream().map(mount -> mount.name() + "=" + mount.mountPath()).collect(Collectors.joining(","));
    }
}

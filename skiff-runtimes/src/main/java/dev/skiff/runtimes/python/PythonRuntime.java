package dev.skiff.runtimes.python;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BootstrapScripts;
import dev.skiff.runtimes.InstallTool;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.StartVariables;
import dev.skiff.runtimes.WorkerCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code python3} runtime: handlers are {@code module.function}, requirements are a
 * requirements.txt installed with pip, and workers run the bootstrap {@code skiff_worker.py}.
 */
public final class PythonRuntime implements LanguageRuntime {
    /** The runtime's name in {@code spec.runtime}. */
    public static final String NAME = "python3";
    private static final String BOOTSTRAP = "skiff_worker.py";
    private static final String REQUIREMENTS_FILE = "requirements.txt";
    private static final Duration DEFAULT_INSTALL_TIMEOUT = Duration.ofMinutes(10);
    /** What CPython reads as it starts: its own variables and the locale (stdio and file-name encodings, tzset). */
    static final StartVariables START_VARIABLES = new StartVariables(
            Set.of("LANG", "LANGUAGE", "TZ"), List.of("PYTHON", "LC_"), Set.of());

    private final PythonInterpreter interpreter;
    private final Path bootstrap;
    private final Duration installTimeout;

    /** The runtime, writing its bootstrap to {@code <bootstrapDir>/python/skiff_worker.py} unless already there. */
    public PythonRuntime(RuntimeConfig config) {
        this.interpreter = PythonInterpreter.of(config);
        this.bootstrap = BootstrapScripts.install(PythonRuntime.class, BOOTSTRAP,
                config.bootstrapDir().resolve("python").resolve(BOOTSTRAP));
        this.installTimeout = config.installTimeout() == null ? DEFAULT_INSTALL_TIMEOUT : config.installTimeout();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The interpreter workers run with and its version, e.g. {@code /usr/bin/python3 (3.11)}. */
    @Override
    public Optional<String> interpreter() {
        return interpreter.describe();
    }

    /** Names a single-file source after the handler's module when it has no filename. */
    @Override
    public FunctionSpec defaults(FunctionSpec spec) {
        if (spec == null || spec.source() == null || !spec.source().needsFilename()) {
            return spec;
        }
        return PythonHandler.parse(spec.handler())
                .map(handler -> spec.withSource(spec.source().named(handler.sourceFile())))
                .orElse(spec);
    }

    /** Checks the handler's form, and that a single {@code .py} source file is the handler's module. */
    @Override
    public List<FieldError> validate(FunctionSpec spec) {
        if (spec.handler() == null || spec.handler().isBlank()) {
            return List.of();
        }
        Optional<PythonHandler> handler = PythonHandler.parse(spec.handler());
        if (handler.isEmpty()) {
            return List.of(new FieldError("spec.handler", "'" + spec.handler()
                    + "' is not module.function (e.g. hello.handle, or pkg.mod.handle for pkg/mod.py)"));
        }
        Source source = spec.source();
        String expected = handler.get().sourceFile();
        if (source != null && source.isSingleFile() && source.filename() != null
                && source.filename().endsWith(".py") && !source.filename().equals(expected)) {
            return List.of(new FieldError("spec.handler", "module '" + handler.get().module() + "' is read from "
                    + expected + ", but the source file is " + source.filename()));
        }
        return List.of();
    }

    /**
     * Installs {@code spec.requirements}, or else the code's own requirements.txt, with pip in
     * {@code sandbox}, once every local path they name is found in the code or a package directory.
     */
    @Override
    public void prepare(RevisionFiles work, FunctionSpec spec, BuildSandbox sandbox) throws PrepareException {
        String python;
        try {
            python = interpreter.path();
            Files.createDirectories(work.depsDir());
        } catch (IllegalStateException | IOException e) {
            throw new PrepareException(e.getMessage());
        }
        RequirementPaths paths = new RequirementPaths(work.codeDir(), sandbox);
        Path own = work.codeDir().resolve(REQUIREMENTS_FILE);
        if (spec.requirements() != null && !spec.requirements().isBlank()) {
            refuseOutside(paths.problem("spec.requirements", spec.requirements(), work.codeDir()));
            installText(sandbox, python, work, spec.requirements());
        } else if (Files.isRegularFile(own, LinkOption.NOFOLLOW_LINKS)) {
            refuseOutside(paths.problem(REQUIREMENTS_FILE, read(own), work.codeDir()));
            PipInstall.run(sandbox, python, own, work.depsDir(), work.codeDir(), installTimeout);
        }
    }

    private static void refuseOutside(Optional<String> problem) throws PrepareException {
        if (problem.isPresent()) {
            throw new PrepareException(problem.get());
        }
    }

    private static String read(Path file) throws PrepareException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PrepareException("cannot read the function's " + REQUIREMENTS_FILE + ": " + e.getMessage());
        }
    }

    /** Installs requirements given as text, from a file beside the dependencies, where the sandbox sees it. */
    private void installText(BuildSandbox sandbox, String python, RevisionFiles work, String requirements)
            throws PrepareException {
        Path file = work.depsDir().resolveSibling(work.depsDir().getFileName() + ".requirements.txt");
        try {
            Files.writeString(file, requirements, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PrepareException("cannot write the requirements to a file: " + e.getMessage());
        }
        try {
            PipInstall.run(sandbox, python, file, work.depsDir(), work.codeDir(), installTimeout);
        } finally {
            InstallTool.deleteQuietly(file);
        }
    }

    /**
     * Runs the bootstrap with the resolved interpreter. Bytecode caching stays on: the second start
     * of a function skips compiling its modules.
     *
     * @throws IllegalStateException when no Python interpreter can be found
     */
    @Override
    public WorkerCommand command(RevisionFiles work, FunctionSpec spec) {
        WorkerCommand command = new WorkerCommand(List.of(interpreter.path(), bootstrap.toString()), Map.of(
                "PYTHONUNBUFFERED", "1",
                "PYTHONPATH", work.codeDir() + File.pathSeparator + work.depsDir()));
        return START_VARIABLES.allLateIn(spec == null ? null : spec.env()) ? command.pooledBy(NAME) : command;
    }

    /**
     * The same interpreter and bootstrap with no function's {@code PYTHONPATH}: the bootstrap puts the
     * code and dependency directories first on {@code sys.path} itself, from {@code SKIFF_CODE_DIR}
     * and {@code SKIFF_DEPS_DIR}, exactly as a fresh start's {@code PYTHONPATH} would. Empty when no
     * interpreter can be found.
     */
    @Override
    public Optional<WorkerCommand> generic() {
        String program;
        try {
            program = interpreter.path();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
        return Optional.of(new WorkerCommand(List.of(program, bootstrap.toString()),
                Map.of("PYTHONUNBUFFERED", "1", "SKIFF_POOLED", "1")));
    }

    /** Where the bootstrap script was written. */
    Path bootstrap() {
        return bootstrap;
    }
}

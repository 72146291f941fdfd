package dev.skiff.runtimes.node;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.BootstrapScripts;
import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.BuildSources;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.StartVariables;
import dev.skiff.runtimes.WorkerCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code nodejs} runtime: handlers are {@code module.function}, requirements are a package.json
 * installed with npm, and workers run the bootstrap {@code skiff_worker.js} with Node's standard library.
 */
public final class NodeRuntime implements LanguageRuntime {
    /** The runtime's name in {@code spec.runtime}. */
    public static final String NAME = "nodejs";
    private static final String BOOTSTRAP = "skiff_worker.js";
    private static final String MANIFEST = "package.json";
    private static final List<String> SOURCE_EXTENSIONS = List.of(".js", ".cjs", ".mjs");
    private static final Duration DEFAULT_INSTALL_TIMEOUT = Duration.ofMinutes(10);
    /**
     * What Node reads as it starts: its options and module and certificate settings, libuv's and
     * OpenSSL's, and the locale ICU takes its default from. {@code NODE_ENV} is only a convention of
     * libraries, which read it when they run.
     */
    static final StartVariables START_VARIABLES = new StartVariables(Set.of("LANG", "LANGUAGE", "TZ", "ICU_DATA"),
            List.of("NODE_", "UV_", "OPENSSL_", "SSL_", "LC_"), Set.of("NODE_ENV"));

    private final NodeExecutable executable;
    private final Path bootstrap;
    private final Duration installTimeout;

    /** The runtime, writing its bootstrap to {@code <bootstrapDir>/node/skiff_worker.js} unless already there. */
    public NodeRuntime(RuntimeConfig config) {
        this(config, NodeExecutable.fromEnvironment());
    }

    NodeRuntime(RuntimeConfig config, NodeExecutable executable) {
        Path dir = config.bootstrapDir().resolve("node");
        this.executable = executable;
        this.bootstrap = BootstrapScripts.install(NodeRuntime.class, BOOTSTRAP, dir.resolve(BOOTSTRAP));
        BootstrapScripts.install(NodeRuntime.class, MANIFEST, dir.resolve(MANIFEST));
        this.installTimeout = config.installTimeout() == null ? DEFAULT_INSTALL_TIMEOUT : config.installTimeout();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Names a single-file source after the handler's module ({@code hello.js}) when it has no filename. */
    @Override
    public FunctionSpec defaults(FunctionSpec spec) {
        if (spec == null || spec.source() == null || !spec.source().needsFilename()) {
            return spec;
        }
        return NodeHandler.parse(spec.handler())
                .map(handler -> spec.withSource(spec.source().named(handler.sourceFile())))
                .orElse(spec);
    }

    /**
     * Checks the handler's form, that a single JavaScript source file is the handler's module, and
     * that {@code spec.requirements}, when given, is a package.json document.
     */
    @Override
    public List<FieldError> validate(FunctionSpec spec) {
        if (spec.requirements() != null && !spec.requirements().isBlank()) {
            try {
                PackageManifest.parse(spec.requirements());
            } catch (IllegalArgumentException e) {
                return List.of(new FieldError("spec.requirements", "must be a package.json document, but it " + e.getMessage()));
            }
        }
        if (spec.handler() == null || spec.handler().isBlank()) {
            return List.of();
        }
        Optional<NodeHandler> handler = NodeHandler.parse(spec.handler());
        if (handler.isEmpty()) {
            return List.of(new FieldError("spec.handler", "'" + spec.handler()
                    + "' is not module.function (e.g. hello.handle for hello.js, or lib/api.handle for lib/api.js)"));
        }
        Source source = spec.source();
        String module = handler.get().module();
        if (source != null && source.isSingleFile() && source.filename() != null
                && SOURCE_EXTENSIONS.stream().anyMatch(source.filename()::endsWith)
                && SOURCE_EXTENSIONS.stream().noneMatch(extension -> source.filename().equals(module + extension))) {
            return List.of(new FieldError("spec.handler", "module '" + module + "' is read from " + module
                    + ".js (or .cjs, .mjs), but the source file is " + source.filename()));
        }
        return List.of();
    }

    /**
     * Installs the dependencies of {@code spec.requirements} (a package.json), or else of the code's
     * own package.json, with npm in {@code sandbox}, once every local path they name is found in the
     * code or a package directory.
     */
    @Override
    public void prepare(RevisionFiles work, FunctionSpec spec, BuildSandbox sandbox) throws PrepareException {
        try {
            Files.createDirectories(work.depsDir());
        } catch (IOException e) {
            throw new PrepareException("cannot create " + work.depsDir() + ": " + e.getMessage());
        }
        Optional<PackageManifest> manifest = manifest(work, spec);
        if (manifest.isEmpty() || !manifest.get().hasDependencies()) {
            return;
        }
        Path node;
        Path npm;
        try {
            node = executable.node();
            npm = executable.npm();
        } catch (IllegalStateException e) {
            throw new PrepareException(e.getMessage());
        }
        Optional<String> outside = manifest.get().outside(work.codeDir(), new BuildSources(work.codeDir(), sandbox));
        if (outside.isPresent()) {
            throw new PrepareException(outside.get());
        }
        NpmInstall.run(sandbox, node, npm, manifest.get().installable(work.codeDir()), work.codeDir(), work.depsDir(),
                installTimeout);
    }

    private static Optional<PackageManifest> manifest(RevisionFiles work, FunctionSpec spec) throws PrepareException {
        String text;
        String origin;
        if (spec.requirements() != null && !spec.requirements().isBlank()) {
            text = spec.requirements();
            origin = "spec.requirements";
        } else if (Files.isRegularFile(work.codeDir().resolve(MANIFEST))) {
            try {
                text = Files.readString(work.codeDir().resolve(MANIFEST), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PrepareException("cannot read the code's package.json: " + e.getMessage());
            }
            origin = "the code's package.json";
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(PackageManifest.parse(text));
        } catch (IllegalArgumentException e) {
            throw new PrepareException(origin + " " + e.getMessage());
        }
    }

    /**
     * Runs the bootstrap with the resolved {@code node}; CommonJS modules find the installed
     * dependencies through {@code NODE_PATH}.
     *
     * @throws IllegalStateException when no node executable can be found
     */
    @Override
    public WorkerCommand command(RevisionFiles work, FunctionSpec spec) {
        WorkerCommand command = new WorkerCommand(List.of(executable.node().toString(), bootstrap.toString()),
                Map.of("NODE_PATH", work.depsDir().resolve("node_modules").toString()));
        return START_VARIABLES.allLateIn(spec == null ? null : spec.env()) ? command.pooledBy(NAME) : command;
    }

    /**
     * The same node and bootstrap with no {@code NODE_PATH}: the bootstrap reads it again once it is
     * given one. Empty when no node can be found.
     */
    @Override
    public Optional<WorkerCommand> generic() {
        String program;
        try {
            program = executable.node().toString();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
        return Optional.of(new WorkerCommand(List.of(program, bootstrap.toString()),
                Map.of("SKIFF_POOLED", "1")));
    }

    /** Where the bootstrap script was written. */
    Path bootstrap() {
        return bootstrap;
    }
}

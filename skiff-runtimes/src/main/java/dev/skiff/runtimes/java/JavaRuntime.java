package dev.skiff.runtimes.java;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Quantity;
import dev.skiff.api.Source;
import dev.skiff.runtimes.BuildSandbox;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.PrepareException;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.WorkerCommand;
import dev.skiff.worker.JavaWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code java} runtime: the handler is a class name; the source is one {@code .java} file (or
 * several, in an archive) compiled at deploy, or jars. Workers run the bootstrap
 * {@code dev.skiff.worker.JavaWorker} with the function's jars on the class path and, when the
 * deploy could make one, a class-data cache that cuts their start time.
 */
public final class JavaRuntime implements LanguageRuntime {
    /** The runtime's name in {@code spec.runtime}. */
    public static final String NAME = "java";
    /**
     * Flags of every worker JVM: the serial collector starts fastest and suits one small function per
     * process, and no perf-data file is mapped. C2 stays on ({@code TieredStopAtLevel=1} starts a
     * little faster but caps a busy function's throughput).
     */
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");

    private final JavaLauncher launcher;
    private final Path workerJar;
    private final long defaultMemoryBytes;

    /** The runtime, writing its worker jar to {@code <bootstrapDir>/java/skiff-java-worker.jar} unless already there. */
    public JavaRuntime(RuntimeConfig config) {
        this(config, JavaLauncher.fromEnvironment());
    }

    JavaRuntime(RuntimeConfig config, JavaLauncher launcher) {
        this.launcher = launcher;
        this.workerJar = WorkerJar.install(config.bootstrapDir().resolve("java").resolve(WorkerJar.NAME));
        this.defaultMemoryBytes = config.defaultMemoryBytes();
    }

    /**
     * {@link #FLAGS}, and {@code -XX:MaxRAM} at the function's memory limit (its own, else the
     * server's default) when one is known: in a sandbox the JVM sees no cgroup files, so it would
     * size its heap by the host's memory (a quarter of it), grow past the limit before collecting,
     * and be killed for memory where a JVM that knew its limit would have collected.
     */
    List<String> flags(FunctionSpec spec) {
        long limit = defaultMemoryBytes;
        String own = spec == null || spec.resources() == null || spec.resources().limits() == null ? null
                : spec.resources().limits().get("memory");
        if (own != null) {
            try {
                limit = Quantity.resourceBytes(own);
            } catch (IllegalArgumentException e) {
                // validated at deploy; a stored value that no longer parses falls back to the default
            }
        }
        if (limit <= 0) {
            return FLAGS;
        }
        List<String> flags = new ArrayList<>(FLAGS);
        flags.add("-XX:MaxRAM=" + limit);
        return List.copyOf(flags);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Names a text source {@code <SimpleName>.java}, and a base64 one {@code function.jar}, when it has no filename. */
    @Override
    public FunctionSpec defaults(FunctionSpec spec) {
        if (spec == null || spec.source() == null || !JavaClassName.valid(spec.handler())
                || (spec.source().filename() != null && !spec.source().filename().isBlank())) {
            return spec;
        }
        Source source = spec.source();
        Source.ContentType type = source.contentType() == null ? Source.ContentType.TEXT : Source.ContentType.parse(source.contentType());
        if (type == Source.ContentType.TEXT) {
            return spec.withSource(new Source(JavaClassName.simpleName(spec.handler()) + ".java", source.content(), source.contentType()));
        }
        if (type == Source.ContentType.BASE64) {
            return spec.withSource(new Source("function.jar", source.content(), source.contentType()));
        }
        return spec;
    }

    /** Checks that the handler is a class name, and that a single {@code .java} source declares that class. */
    @Override
    public List<FieldError> validate(FunctionSpec spec) {
        if (spec.handler() == null || spec.handler().isBlank()) {
            return List.of();
        }
        if (!JavaClassName.valid(spec.handler())) {
            return List.of(new FieldError("spec.handler", "'" + spec.handler()
                    + "' is not a Java class name (e.g. Hello, or com.example.Hello)"));
        }
        Source source = spec.source();
        if (source == null || source.filename() == null || !Source.ContentType.TEXT.label().equals(source.contentType())) {
            return List.of();
        }
        String file = Path.of(source.filename()).getFileName().toString();
        if (file.endsWith(".java")) {
            String expected = JavaClassName.simpleName(spec.handler()) + ".java";
            if (!file.equals(expected)) {
                return List.of(new FieldError("spec.handler", "class " + spec.handler() + " is declared in "
                        + expected + ", but the source file is " + file));
            }
            String declared = JavaClassName.declaredPackage(source.content() == null ? "" : source.content());
            if (!declared.equals(JavaClassName.packageOf(spec.handler()))) {
                return List.of(new FieldError("spec.handler", "class " + spec.handler() + " is in package '"
                        + JavaClassName.packageOf(spec.handler()) + "', but " + file + " declares package '" + declared + "'"));
            }
        } else if (!file.endsWith(".jar")) {
            return List.of(new FieldError("spec.source.filename", "a java source is a .java file or a .jar, not " + file));
        }
        return List.of();
    }

    /**
     * Compiles the code directory's {@code .java} files into {@code deps/function.jar}, then makes the
     * start-up cache by a training run (its failure only costs start time), both in {@code sandbox}.
     */
    @Override
    public void prepare(RevisionFiles work, FunctionSpec spec, BuildSandbox sandbox) throws PrepareException {
        List<Path> classPath;
        StartCache cache;
        try {
            cache = new StartCache(launcher.executable(), launcher.feature(), flags(spec));
            Files.createDirectories(work.depsDir());
            List<Path> sources = JavaCompile.sources(work.codeDir());
            if (!sources.isEmpty()) {
                List<Path> compileClassPath = new ArrayList<>(List.of(workerJar));
                compileClassPath.addAll(JavaFiles.functionJars(work.codeDir(), work.depsDir()));
                JavaCompile.run(sandbox, work.codeDir(), sources, compileClassPath, launcher.feature(),
                        work.depsDir().resolve(JavaFiles.COMPILED_JAR));
            }
            classPath = classPath(work);
        } catch (IllegalStateException | IOException e) {
            throw new PrepareException(e.getMessage());
        }
        if (classPath.size() == 1) {
            throw new PrepareException("the source holds no .java file and no .jar: nothing to run");
        }
        cache.create(sandbox, work.codeDir(), work.depsDir(), classPath, spec.env() == null ? Map.of() : spec.env(), spec.handler());
    }

    /**
     * Runs {@code JavaWorker} with the worker jar and the function's jars on the class path, and the
     * start-up cache when it exists for exactly these jars.
     *
     * @throws IllegalStateException when no usable Java is found
     * @throws UncheckedIOException when the jars cannot be read
     */
    @Override
    public WorkerCommand command(RevisionFiles work, FunctionSpec spec) {
        List<String> flags = flags(spec);
        StartCache cache = new StartCache(launcher.executable(), launcher.feature(), flags);
        List<String> argv = new ArrayList<>(List.of(launcher.executable().toString()));
        argv.addAll(flags);
        try {
            List<Path> classPath = classPath(work);
            Path file = cache.file(work.depsDir(), classPath);
            if (Files.isRegularFile(file)) {
                argv.add(cache.useOption(file));
            }
            argv.addAll(List.of("-cp", StartCache.classPath(classPath), JavaWorker.class.getName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the function's jars: " + e.getMessage(), e);
        }
        return new WorkerCommand(argv, Map.of());
    }

    /** Where the worker jar was written. */
    Path workerJar() {
        return workerJar;
    }

    private List<Path> classPath(RevisionFiles work) throws IOException {
        List<Path> jars = new ArrayList<>(List.of(workerJar.toAbsolutePath()));
        jars.addAll(JavaFiles.functionJars(work.codeDir(), work.depsDir()));
        return jars;
    }
}

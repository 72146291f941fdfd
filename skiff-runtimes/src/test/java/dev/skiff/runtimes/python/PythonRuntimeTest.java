package dev.skiff.runtimes.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.WorkerCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PythonRuntimeTest {
    @TempDir
    Path temp;

    @Test
    void singleFileSourceIsNamedAfterTheHandlersModule() {
        PythonRuntime runtime = runtime();
        assertThat(runtime.defaults(spec("hello.handle", Source.text(null, "x"))).source().filename()).isEqualTo("hello.py");
        assertThat(runtime.defaults(spec("pkg.mod.fn", new Source(null, "eA==", "base64"))).source().filename())
                .isEqualTo("pkg/mod.py");
        assertThat(runtime.defaults(spec("hello.handle", new Source(" ", "x", null))).source().filename()).isEqualTo("hello.py");
    }

    @Test
    void givenFilenamesArchivesAndBadHandlersAreLeftAlone() {
        PythonRuntime runtime = runtime();
        FunctionSpec named = spec("hello.handle", Source.text("main.py", "x"));
        FunctionSpec archive = spec("hello.handle", new Source(null, "UEs=", "zip"));
        FunctionSpec badHandler = spec("hello", Source.text(null, "x"));
        assertThat(runtime.defaults(named)).isEqualTo(named);
        assertThat(runtime.defaults(archive)).isEqualTo(archive);
        assertThat(runtime.defaults(badHandler)).isEqualTo(badHandler);
        assertThat(runtime.defaults(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello.handle", "pkg.mod.fn", "_private._x1", "Handler.Main"})
    void wellFormedHandlersAreAccepted(String handler) {
        assertThat(runtime().validate(spec(handler, new Source(null, "UEs=", "zip")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "hello.", ".handle", "1abc.handle", "hello-world.handle", "a..b", "hello.handle()",
        "hello/handle.fn", "hello.handle "})
    void malformedHandlersAreRefusedWithTheFieldNamed(String handler) {
        assertThat(runtime().validate(spec(handler, new Source(null, "UEs=", "zip"))))
                .singleElement().extracting(FieldError::field).isEqualTo("spec.handler");
    }

    @Test
    void missingHandlerIsLeftToTheCommonValidation() {
        assertThat(runtime().validate(spec(null, Source.text("hello.py", "x")))).isEmpty();
    }

    @Test
    void handlerModuleMustBeTheSingleSourceFile() {
        assertThat(runtime().validate(spec("hello.handle", Source.text("main.py", "x"))))
                .containsExactly(new FieldError("spec.handler", "module 'hello' is read from hello.py, but the source file is main.py"));
        assertThat(runtime().validate(spec("pkg.mod.fn", Source.text("pkg/mod.py", "x")))).isEmpty();
        assertThat(runtime().validate(spec("hello.handle", Source.text("data.json", "{}")))).isEmpty();
    }

    @Test
    void commandRunsTheBootstrapWithTheConfiguredInterpreter() throws IOException {
        Path python = fakeExecutable("python");
        PythonRuntime runtime = new PythonRuntime(new RuntimeConfig(temp.resolve("boot"), python.toString(), Duration.ofMinutes(1)));
        RevisionFiles files = new RevisionFiles(Path.of("/srv/code"), Path.of("/srv/deps"));
        WorkerCommand command = runtime.command(files, spec("hello.handle", Source.text("hello.py", "x")));
        Path bootstrap = temp.resolve("boot/python/skiff_worker.py");
        assertThat(command.argv()).containsExactly(python.toString(), bootstrap.toString());
        assertThat(command.env()).isEqualTo(Map.of("PYTHONUNBUFFERED", "1", "PYTHONPATH", "/srv/code:/srv/deps"));
        try (InputStream resource = PythonRuntime.class.getResourceAsStream("skiff_worker.py")) {
            assertThat(Files.readAllBytes(bootstrap)).isEqualTo(resource.readAllBytes());
        }
    }

    @Test
    void generic_sameProgram_withoutTheFunctionsPath_andPooledMarker() throws IOException {
        Path python = fakeExecutable("python");
        PythonRuntime runtime = new PythonRuntime(new RuntimeConfig(temp.resolve("boot"), python.toString(), Duration.ofMinutes(1)));
        WorkerCommand command = runtime.command(new RevisionFiles(Path.of("/srv/code"), Path.of("/srv/deps")), null);

        WorkerCommand generic = runtime.generic().orElseThrow();

        assertThat(generic.argv()).isEqualTo(command.argv());
        assertThat(generic.env()).isEqualTo(Map.of("PYTHONUNBUFFERED", "1", "SKIFF_POOLED", "1"));
        assertThat(command.env()).containsAllEntriesOf(Map.of("PYTHONUNBUFFERED", "1"));
    }

    @Test
    void command_pooledUnlessTheEnvSetsAVariablePythonReadsAtStart() {
        RevisionFiles files = new RevisionFiles(Path.of("/srv/code"), Path.of("/srv/deps"));
        FunctionSpec plain = spec("hello.handle", Source.text("hello.py", "x")).toBuilder().env(Map.of("GREETING", "Ahoy")).build();

        assertThat(runtime().command(files, plain).poolName()).hasValue("python3");
        assertThat(runtime().command(files, plain.toBuilder().env(Map.of("PYTHONHASHSEED", "0")).build()).poolName()).isEmpty();
        assertThat(runtime().command(files, plain.toBuilder().env(Map.of("LC_ALL", "C")).build()).poolName()).isEmpty();
    }

    @Test
    void bootstrapIsRewrittenOnlyWhenItsContentDiffers() throws IOException {
        Path bootstrap = runtime().bootstrap();
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(bootstrap, old);
        runtime();
        assertThat(Files.getLastModifiedTime(bootstrap)).isEqualTo(old);
        Files.writeString(bootstrap, "stale");
        runtime();
        assertThat(Files.readString(bootstrap)).contains("SKIFF-READY");
    }

    private PythonRuntime runtime() {
        return new PythonRuntime(new RuntimeConfig(temp.resolve("boot"), "/bin/sh", Duration.ofMinutes(1)));
    }

    private Path fakeExecutable(String name) throws IOException {
        Path file = Files.writeString(temp.resolve(name), "#!/bin/sh\n");
        file.toFile().setExecutable(true);
        return file;
    }

    static FunctionSpec spec(String handler, Source source) {
        return FunctionSpec.builder()
                .runtime("python3")
                .handler(handler)
                .source(source)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
    }
}

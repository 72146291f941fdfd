package dev.skiff.runtimes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.LanguageRuntime;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.Runtimes;
import dev.skiff.runtimes.WorkerCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeRuntimeTest {
    @TempDir
    Path temp;

    @Test
    void isBuiltIn() {
        Runtimes runtimes = Runtimes.builtIn(new RuntimeConfig(temp, "/bin/sh", Duration.ofMinutes(1)));
        assertThat(runtimes.get("nodejs")).get().extracting(LanguageRuntime::name).isEqualTo("nodejs");
        assertThat(temp.resolve("node/skiff_worker.js")).exists();
        assertThat(temp.resolve("node/package.json")).content().contains("\"commonjs\"");
    }

    @Test
    void singleFileSourceIsNamedAfterTheHandlersModule() {
        NodeRuntime runtime = runtime();
        assertThat(runtime.defaults(spec("hello.handle", Source.text(null, "x"))).source().filename()).isEqualTo("hello.js");
        assertThat(runtime.defaults(spec("lib/api.handle", new Source(" ", "eA==", "base64"))).source().filename())
                .isEqualTo("lib/api.js");
    }

    @Test
    void givenFilenamesArchivesAndBadHandlersAreLeftAlone() {
        NodeRuntime runtime = runtime();
        FunctionSpec named = spec("hello.handle", Source.text("main.js", "x"));
        FunctionSpec archive = spec("hello.handle", new Source(null, "UEs=", "zip"));
        FunctionSpec badHandler = spec("hello", Source.text(null, "x"));
        assertThat(runtime.defaults(named)).isEqualTo(named);
        assertThat(runtime.defaults(archive)).isEqualTo(archive);
        assertThat(runtime.defaults(badHandler)).isEqualTo(badHandler);
        assertThat(runtime.defaults(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello.handle", "index.handler", "lib/api.handle", "my-fn.$main", "v1.2/app.handle", "_x._y"})
    void wellFormedHandlersAreAccepted(String handler) {
        assertThat(runtime().validate(spec(handler, new Source(null, "UEs=", "zip")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "hello.", ".handle", "../up.handle", "/abs.handle", "a//b.handle", "hello.1fn",
        "hello.handle()", "hello.my-fn", "hello.handle "})
    void malformedHandlersAreRefusedWithTheFieldNamed(String handler) {
        assertThat(runtime().validate(spec(handler, new Source(null, "UEs=", "zip"))))
                .singleElement().extracting(FieldError::field).isEqualTo("spec.handler");
    }

    @Test
    void handlerModuleMustBeTheSingleSourceFile() {
        assertThat(runtime().validate(spec("hello.handle", Source.text("main.js", "x")))).containsExactly(new FieldError(
                "spec.handler", "module 'hello' is read from hello.js (or .cjs, .mjs), but the source file is main.js"));
        assertThat(runtime().validate(spec("hello.handle", Source.text("hello.mjs", "x")))).isEmpty();
        assertThat(runtime().validate(spec("lib/api.handle", Source.text("lib/api.cjs", "x")))).isEmpty();
        assertThat(runtime().validate(spec("hello.handle", Source.text("data.json", "{}")))).isEmpty();
        assertThat(runtime().validate(spec(null, Source.text("hello.js", "x")))).isEmpty();
    }

    @Test
    void requirementsMustBeAPackageJsonDocument() {
        assertThat(runtime().validate(withRequirements("{\"dependencies\": {\"greet\": \"file:../greet\"}}"))).isEmpty();
        assertThat(runtime().validate(withRequirements("greet==1.0"))).singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("spec.requirements"))
                .satisfies(error -> assertThat(error.message()).startsWith("must be a package.json document, but it is not valid JSON"));
        assertThat(runtime().validate(withRequirements("[1]"))).singleElement().extracting(FieldError::field)
                .isEqualTo("spec.requirements");
        assertThat(runtime().validate(withRequirements("{\"dependencies\": {\"greet\": 1}}"))).singleElement()
                .extracting(FieldError::message).asString().contains("'dependencies' that is not an object of name to version");
    }

    @Test
    void commandRunsTheBootstrapWithTheRealNodeAndNodePath() throws IOException {
        Path node = fakeExecutable("bin/node");
        Path link = Files.createSymbolicLink(Files.createDirectories(temp.resolve("shims")).resolve("node"), node);
        NodeRuntime runtime = new NodeRuntime(config(), new NodeExecutable(null, "/nonexistent:" + link.getParent()));
        WorkerCommand command = runtime.command(new RevisionFiles(Path.of("/srv/code"), Path.of("/srv/deps")), null);
        Path bootstrap = temp.resolve("boot/node/skiff_worker.js");
        assertThat(command.argv()).containsExactly(node.toRealPath().toString(), bootstrap.toString());
        assertThat(command.env()).isEqualTo(Map.of("NODE_PATH", "/srv/deps/node_modules"));
        assertThat(command.readiness()).isEqualTo(WorkerCommand.Readiness.READY_LINE);
        try (InputStream resource = NodeRuntime.class.getResourceAsStream("skiff_worker.js")) {
            assertThat(Files.readAllBytes(bootstrap)).isEqualTo(resource.readAllBytes());
        }
    }

    @Test
    void generic_sameProgram_withoutNodePath_andPooledMarker() throws IOException {
        NodeRuntime runtime = new NodeRuntime(config(), new NodeExecutable(fakeExecutable("bin/node").toString(), ""));
        WorkerCommand command = runtime.command(new RevisionFiles(Path.of("/srv/code"), Path.of("/srv/deps")), null);

        WorkerCommand generic = runtime.generic().orElseThrow();

        assertThat(generic.argv()).isEqualTo(command.argv());
        assertThat(generic.env()).isEqualTo(Map.of("SKIFF_POOLED", "1"));
    }

    @Test
    void command_pooledUnlessTheEnvSetsAVariableNodeReadsAtStart() throws IOException {
        NodeRuntime runtime = new NodeRuntime(config(), new NodeExecutable(fakeExecutable("bin/node").toString(), ""));
        RevisionFiles files = new RevisionFiles(Path.of("/srv/code"), Path.of("/srv/deps"));
        FunctionSpec production = withRequirements(null).toBuilder().env(Map.of("NODE_ENV", "production")).build();

        assertThat(runtime.command(files, production).poolName()).hasValue("nodejs");
        assertThat(runtime.command(files, production.toBuilder().env(Map.of("NODE_OPTIONS", "--no-warnings")).build()).poolName()).isEmpty();
        assertThat(runtime.command(files, production.toBuilder().env(Map.of("UV_THREADPOOL_SIZE", "8")).build()).poolName()).isEmpty();
    }

    @Test
    void generic_noNode_empty() {
        assertThat(new NodeRuntime(config(), new NodeExecutable(null, "/nonexistent")).generic()).isEmpty();
    }

    @Test
    void configuredNodeIsUsedAndNpmIsFoundBesideIt() throws IOException {
        Path node = fakeExecutable("opt/node/bin/node");
        Path npm = fakeExecutable("opt/node/bin/npm");
        NodeExecutable executable = new NodeExecutable(node.toString(), "");
        assertThat(executable.node()).isEqualTo(node.toRealPath());
        assertThat(executable.npm()).isEqualTo(npm.toRealPath());
    }

    @Test
    void missingNodeIsExplained() {
        assertThatThrownBy(() -> new NodeExecutable(null, "/nonexistent").node())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no node found on the PATH")
                .hasMessageContaining("SKIFF_NODE");
        assertThatThrownBy(() -> new NodeExecutable("/nonexistent/node", "").node())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/nonexistent/node (from SKIFF_NODE)");
        assertThatThrownBy(() -> new NodeExecutable("nodeish", "/nonexistent").node())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'nodeish' (from SKIFF_NODE) is not on the PATH");
    }

    @Test
    void installableManifestKeepsOnlyRuntimeDependenciesWithLocalPathsMadeAbsolute() throws IOException {
        PackageManifest manifest = PackageManifest.parse("""
                {"name": "mine", "scripts": {"postinstall": "rm -rf /"}, "devDependencies": {"jest": "^29"},
                 "dependencies": {"greet": "file:vendor/greet", "up": "../up", "abs": "file:/opt/x", "semver": "^7.0.0"}}""");
        assertThat(manifest.hasDependencies()).isTrue();
        String installable = manifest.installable(Path.of("/srv/code"));
        assertThat(installable).doesNotContain("postinstall", "jest", "mine")
                .contains("\"greet\" : \"file:/srv/code/vendor/greet\"", "\"up\" : \"file:/srv/up\"",
                        "\"abs\" : \"file:/opt/x\"", "\"semver\" : \"^7.0.0\"");
        assertThat(PackageManifest.parse("{\"name\": \"x\", \"devDependencies\": {\"jest\": \"1\"}}").hasDependencies()).isFalse();
    }

    private NodeRuntime runtime() {
        return new NodeRuntime(config(), new NodeExecutable("/bin/sh", ""));
    }

    private RuntimeConfig config() {
        return new RuntimeConfig(temp.resolve("boot"), null, Duration.ofMinutes(1));
    }

    private Path fakeExecutable(String name) throws IOException {
        Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        file.toFile().setExecutable(true);
        return file;
    }

    private static FunctionSpec withRequirements(String requirements) {
        return FunctionSpec.builder()
                .runtime("nodejs")
                .handler("hello.handle")
                .source(Source.text("hello.js", "x"))
                .requirements(requirements)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
    }

    static FunctionSpec spec(String handler, Source source) {
        return FunctionSpec.builder()
                .runtime("nodejs")
                .handler(handler)
                .source(source)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .build();
    }
}

package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeployCommandTest {
    @TempDir
    Path dir;

    @Test
    void function_allFlags_buildsTheFunction() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "def handle(req):\n    return 'hi'\n");
        Path requirements = Files.writeString(dir.resolve("requirements.txt"), "requests==2.32.3\n");

        Function function = parse("deploy", "hello", "--runtime", "python3", "--handler", "hello.handle",
                "--from-file", code.toString(), "--requirements", requirements.toString(),
                "--env", "B=2", "--env", "A=x=y", "--timeout", "30", "--max-request-size", "1Mi",
                "--concurrency", "4").function();

        assertThat(function).isEqualTo(Function.of("hello", FunctionSpec.builder()
                .runtime("python3")
                .handler("hello.handle")
                .source(Source.text("hello.py", "def handle(req):\n    return 'hi'\n"))
                .requirements("requests==2.32.3\n")
                .env(Map.of("B", "2", "A", "x=y"))
                .timeoutSeconds(30)
                .maxRequestSize("1Mi")
                .concurrency(4)
                .build()));
        assertThat(function.spec().env().keySet()).containsExactly("B", "A");
    }

    @Test
    void function_onlyRequiredFlags_leavesTheRestToServerDefaults() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "x = 1\n");

        Function function = parse("deploy", "hello", "--from-file", code.toString()).function();

        assertThat(function.spec()).isEqualTo(FunctionSpec.builder()
                .source(Source.text("hello.py", "x = 1\n"))
                .build());
    }

    @Test
    void function_yamlDocumentAndFlags_flagsOverrideFieldsAndEnvMerges() throws IOException {
        Path yaml = Files.writeString(dir.resolve("fn.yaml"), """
                apiVersion: skiff.dev/v1alpha1
                kind: Function
                metadata:
                  name: from-file
                  generation: 7
                  creationTimestamp: "2026-01-01T00:00:00Z"
                spec:
                  runtime: python3
                  handler: a.handle
                  source:
                    filename: a.py
                    content: "A = 1\\n"
                  env:
                    A: "1"
                    B: "2"
                  timeoutSeconds: 30
                status:
                  url: http://old/function/from-file
                """);

        Function function = parse("deploy", "-f", yaml.toString(), "--handler", "b.handle", "--env", "B=3",
                "--timeout", "10").function();

        assertThat(function.name()).isEqualTo("from-file");
        assertThat(function.metadata().generation()).isNull();
        assertThat(function.metadata().creationTimestamp()).isNull();
        assertThat(function.status()).isNull();
        assertThat(function.spec().runtime()).isEqualTo("python3");
        assertThat(function.spec().handler()).isEqualTo("b.handle");
        assertThat(function.spec().source()).isEqualTo(new Source("a.py", "A = 1\n", null));
        assertThat(function.spec().env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "3"));
        assertThat(function.spec().timeoutSeconds()).isEqualTo(10);
    }

    @Test
    void function_jsonDocumentAndName_nameArgumentWins() throws IOException {
        Path json = Files.writeString(dir.resolve("fn.json"), """
                {"metadata": {"name": "old"}, "spec": {"runtime": "python3", "handler": "a.handle",
                 "source": {"filename": "a.py", "content": "A = 1\\n", "contentType": "text"}}}
                """);

        Function function = parse("deploy", "new", "-f", json.toString()).function();

        assertThat(function.name()).isEqualTo("new");
        assertThat(function.apiVersion()).isEqualTo(Function.API_VERSION);
        assertThat(function.kind()).isEqualTo(Function.KIND);
    }

    @Test
    void function_commandRuntimeWithAllow_needsNoCodeAndSplitsTheList() {
        Function function = parse("deploy", "montage", "--runtime", "command", "--allow", "mProject,mDiffFit",
                "--allow", "mAdd").function();

        assertThat(function.spec().allowedCommands()).containsExactly("mProject", "mDiffFit", "mAdd");
        assertThat(function.spec().source()).isNull();
        assertThat(function.spec().handler()).isNull();
    }

    @Test
    void function_documentWithVolumesAndAllowedCommands_keepsThemUnlessAllowIsGiven() throws IOException {
        Path yaml = Files.writeString(dir.resolve("montage.yaml"), """
                metadata: {name: montage}
                spec:
                  runtime: command
                  allowedCommands: [mProject]
                  volumes: [{name: montage-data, mountPath: /mnt/data}]
                """);

        FunctionSpec fromDocument = parse("deploy", "-f", yaml.toString()).function().spec();
        FunctionSpec overridden = parse("deploy", "-f", yaml.toString(), "--allow", "mAdd").function().spec();

        assertThat(fromDocument.allowedCommands()).containsExactly("mProject");
        assertThat(fromDocument.volumes()).containsExactly(new VolumeMount("montage-data", "/mnt/data", null));
        assertThat(overridden.allowedCommands()).containsExactly("mAdd");
        assertThat(overridden.volumes()).isEqualTo(fromDocument.volumes());
    }

    @Test
    void deploy_noName_isUsageError() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "x = 1\n");

        CliRunner.Result result = CliRunner.run("deploy", "--from-file", code.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Missing the function's NAME");
    }

    @Test
    void deploy_noCode_isUsageError() {
        CliRunner.Result result = CliRunner.run("deploy", "hello", "--runtime", "python3");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--from-file");
    }

    @Test
    void deploy_badMaxRequestSize_isUsageErrorNamingTheForms() {
        CliRunner.Result result = CliRunner.run("deploy", "hello", "--max-request-size", "6 megs");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--max-request-size").contains("6Mi");
    }

    @Test
    void deploy_envWithoutEquals_isUsageError() {
        assertThat(CliRunner.run("deploy", "hello", "--env", "NOVALUE").status()).isEqualTo(2);
    }

    @Test
    void deploy_documentWithUnknownField_failsNamingFileAndField() throws IOException {
        Path yaml = Files.writeString(dir.resolve("fn.yaml"), "metadata:\n  name: x\nspec:\n  handlr: a.handle\n");

        CliRunner.Result result = CliRunner.run("deploy", "-f", yaml.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: " + yaml + ": spec.handlr: unknown field");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void deploy_missingRequirementsFile_failsNamingIt() throws IOException {
        Path code = Files.writeString(dir.resolve("hello.py"), "x = 1\n");

        CliRunner.Result result = CliRunner.run("deploy", "hello", "--from-file", code.toString(),
                "--requirements", dir.resolve("missing.txt").toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: --requirements " + dir.resolve("missing.txt") + ": no such file\n");
    }

    @Test
    void function_httpApp_commandIsSplitIntoWordsAndVolumesAreMounts() throws IOException {
        Path code = Files.writeString(dir.resolve("app.py"), "pass\n");

        Function function = parse("deploy", "add-two", "--runtime", "http", "--command", "python3 'my app.py' --debug",
                "--from-file", code.toString(), "--volume", "data:/data", "--volume", "maps:/mnt/maps:ro").function();

        assertThat(function.spec().handler()).isNull();
        assertThat(function.spec().command()).containsExactly("python3", "my app.py", "--debug");
        assertThat(function.spec().volumes()).containsExactly(new VolumeMount("data", "/data", null),
                new VolumeMount("maps", "/mnt/maps", true));
    }

    @Test
    void function_badCommandOrVolume_isAUsageError() throws IOException {
        Path code = Files.writeString(dir.resolve("app.py"), "pass\n");

        assertThatThrownBy(() -> parse("deploy", "a", "--command", "python3 'app.py", "--from-file", code.toString())
                .function()).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> parse("deploy", "a", "--volume", "data", "--from-file", code.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("NAME:/mount/path");
    }

    private static DeployCommand parse(String... args) {
        CommandLine commandLine = Main.commandLine(CliRunner.context(
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), Map.of()));
        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        return (DeployCommand) parsed.subcommand().commandSpec().userObject();
    }
}

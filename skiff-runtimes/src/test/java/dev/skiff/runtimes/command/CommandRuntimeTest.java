package dev.skiff.runtimes.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.VolumeMount;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.WorkerCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRuntimeTest {
    private static final List<VolumeMount> VOLUMES = List.of(
            new VolumeMount("montage-data", "/mnt/data", null), new VolumeMount("scratch", "/mnt/scratch", true));
    private static final List<String> ALLOWED = List.of("mProject", "mDiffFit");

    @TempDir
    Path temp;

    @Test
    void defaults_noHandlerNoSource_fillsTheFixedOnes() {
        FunctionSpec defaulted = runtime().defaults(spec(null, null, ALLOWED, VOLUMES));
        assertThat(defaulted.handler()).isEqualTo(CommandRuntime.HANDLER);
        assertThat(defaulted.source()).isEqualTo(CommandRuntime.NO_SOURCE);
        assertThat(defaulted.allowedCommands()).isEqualTo(ALLOWED);
        assertThat(defaulted.volumes()).isEqualTo(VOLUMES);
        assertThat(runtime().defaults(null)).isNull();
    }

    @Test
    void defaults_givenSource_isKept() {
        Source source = Source.text("notes.txt", "x");
        assertThat(runtime().defaults(spec(null, source, ALLOWED, VOLUMES)).source()).isEqualTo(source);
    }

    @Test
    void validate_allowListAndVolume_isAccepted() {
        CommandRuntime runtime = runtime();
        assertThat(runtime.validate(runtime.defaults(spec(null, null, ALLOWED, VOLUMES)))).isEmpty();
    }

    @Test
    void validate_noAllowedCommandsNoVolumes_namesBothFields() {
        assertThat(runtime().validate(spec(CommandRuntime.HANDLER, null, List.of(), List.of())))
                .extracting(FieldError::field).containsExactly("spec.allowedCommands", "spec.volumes");
    }

    @Test
    void validate_handlerCommandOrRequirements_areRefused() {
        FunctionSpec spec = FunctionSpec.builder()
                .runtime("command")
                .handler("main.handle")
                .source(CommandRuntime.NO_SOURCE)
                .requirements("numpy")
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .command(List.of("sh", "-c", "x"))
                .volumes(VOLUMES)
                .allowedCommands(ALLOWED)
                .build();
        assertThat(runtime().validate(spec)).extracting(FieldError::field)
                .containsExactly("spec.handler", "spec.command", "spec.requirements");
    }

    @Test
    void validate_skiffVariablesInEnv_areRefused() {
        FunctionSpec spec = FunctionSpec.builder()
                .runtime("command")
                .handler(CommandRuntime.HANDLER)
                .source(CommandRuntime.NO_SOURCE)
                .env(Map.of("SKIFF_VOLUME_MONTAGE_DATA", "/", "SKIFF_ALLOWED_COMMANDS", "sh", "GREETING", "hi"))
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .volumes(VOLUMES)
                .allowedCommands(ALLOWED)
                .build();
        assertThat(runtime().validate(spec)).extracting(FieldError::field)
                .containsExactly("spec.env.SKIFF_ALLOWED_COMMANDS", "spec.env.SKIFF_VOLUME_MONTAGE_DATA");
    }

    @Test
    void command_passesTheAllowListAndTheMountPaths() {
        WorkerCommand command = runtime().command(new RevisionFiles(Path.of("/srv/code"), Path.of("/srv/deps")),
                spec(CommandRuntime.HANDLER, null, ALLOWED, VOLUMES));
        assertThat(command.argv()).containsExactly("/bin/sh", "-E", "-s", "-u", temp.resolve("command").toString());
        assertThat(temp.resolve("command/__main__.py")).exists();
        assertThat(command.env()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SKIFF_ALLOWED_COMMANDS", "mProject,mDiffFit",
                "SKIFF_VOLUMES", "montage-data=/mnt/data,scratch=/mnt/scratch"));
        assertThat(command.readiness()).isEqualTo(WorkerCommand.Readiness.READY_LINE);
        assertThat(temp.resolve("command/skiff_worker.py")).exists();
    }

    @Test
    void volumeEnv_upperCasesAndReplacesDashes() {
        assertThat(CommandRuntime.volumeEnv("montage-data")).isEqualTo("SKIFF_VOLUME_MONTAGE_DATA");
    }

    private CommandRuntime runtime() {
        return new CommandRuntime(new RuntimeConfig(temp, "/bin/sh", Duration.ofMinutes(1)));
    }

    private static FunctionSpec spec(String handler, Source source, List<String> allowed, List<VolumeMount> volumes) {
        return FunctionSpec.builder()
                .runtime("command")
                .handler(handler)
                .source(source)
                .env(Map.of())
                .timeoutSeconds(60)
                .maxRequestSize("6Mi")
                .concurrency(1)
                .volumes(volumes)
                .allowedCommands(allowed)
                .build();
    }
}

package dev.skiff.runtimes.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.RevisionFiles;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.WorkerCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRuntimeTest {
    private final HttpRuntime runtime = new HttpRuntime(new RuntimeConfig(Path.of("/unused"), "/bin/sh", Duration.ofMinutes(1)));

    private static FunctionSpec spec(List<String> command, String requirements) {
        return FunctionSpec.builder()
                .runtime("http")
                .source(Source.text("app.py", "pass"))
                .requirements(requirements)
                .command(command)
                .build();
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void validate_needsACommandButNoHandler() {
        assertThat(runtime.needsHandler()).isFalse();
        assertThat(runtime.validate(spec(List.of("node", "server.js"), null))).isEmpty();
        assertThat(fields(runtime.validate(spec(null, null)))).containsExactly("spec.command");
        assertThat(fields(runtime.validate(spec(List.of("--help"), null)))).containsExactly("spec.command");
        assertThat(fields(runtime.validate(spec(List.of("app"), "flask")))).containsExactly("spec.requirements");
    }

    @Test
    void command_isTheArgvAsGiven_withABarePython3Resolved_readyByHttpProbe() {
        RevisionFiles files = new RevisionFiles(Path.of("/code"), Path.of("/deps"));

        WorkerCommand python = runtime.command(files, spec(List.of("python3", "app.py", "--port=env"), null));
        WorkerCommand other = runtime.command(files, spec(List.of("./server", "a b"), null));

        assertThat(python.argv()).containsExactly("/bin/sh", "app.py", "--port=env");
        assertThat(other.argv()).containsExactly("./server", "a b");
        assertThat(other.readiness()).isEqualTo(WorkerCommand.Readiness.HTTP_PROBE);
    }
}

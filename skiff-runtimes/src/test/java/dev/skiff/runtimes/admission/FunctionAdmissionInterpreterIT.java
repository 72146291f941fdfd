package dev.skiff.runtimes.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.runtimes.RuntimeConfig;
import dev.skiff.runtimes.RuntimeNames;
import dev.skiff.runtimes.Runtimes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's admission names the interpreter (asked of /usr/bin/python3) that runs a function whose runtime name was mapped. */
class FunctionAdmissionInterpreterIT {
    private static Function function(String runtime) {
        return Function.of("hello", FunctionSpec.builder().runtime(runtime).handler("test.hello")
                .source(Source.text("test.py", "def hello(event, context):\n    return event['data']\n")).build());
    }

    @Test
    void serverAdmission_mappedRuntime_namesItsInterpreterAndVersion(@TempDir Path bootstrap) {
        FunctionAdmission server = new FunctionAdmission(
                Runtimes.builtIn(new RuntimeConfig(bootstrap, "/usr/bin/python3", null)), List.of(), true);

        Function admitted = server.admit(function("python3.7"));

        assertThat(admitted.metadata().annotations().get(RuntimeNames.INTERPRETER))
                .matches("/usr/bin/python3 \\(3\\.\\d+\\)");
        assertThat(server.admit(function("python3")).metadata().annotations()).isNull();
    }

    @Test
    void cliAdmission_mappedRuntime_namesNoInterpreter() {
        Function admitted = FunctionAdmission.builtIn().admit(function("python3.7"));

        assertThat(admitted.metadata().annotations()).containsKey(RuntimeNames.REQUESTED)
                .doesNotContainKey(RuntimeNames.INTERPRETER);
    }
}

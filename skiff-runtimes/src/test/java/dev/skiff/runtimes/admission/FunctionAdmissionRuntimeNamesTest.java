package dev.skiff.runtimes.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.ValidationException;
import dev.skiff.runtimes.RuntimeNames;
import org.junit.jupiter.api.Test;

/** Admission maps kubeless's runtime names to Skiff's, and refuses Python 2 with what to do instead. */
class FunctionAdmissionRuntimeNamesTest {
    private final FunctionAdmission admission = FunctionAdmission.builtIn();

    private static Function function(String runtime) {
        return Function.of("hello", FunctionSpec.builder().runtime(runtime).handler("test.hello")
                .source(Source.text("test.py", "def hello(event, context):\n    return event['data']\n")).build());
    }

    @Test
    void python37_isAdmittedAsPython3_recordingTheNameAskedFor() {
        Function admitted = admission.admit(function("python3.7"));

        assertThat(admitted.spec().runtime()).isEqualTo("python3");
        assertThat(admitted.metadata().annotations()).containsEntry(RuntimeNames.REQUESTED, "python3.7");
    }

    @Test
    void nodejs14x_isAdmittedAsNodejs() {
        Function function = Function.of("hello", FunctionSpec.builder().runtime("nodejs14.x").handler("test.hello")
                .source(Source.text("test.js", "exports.hello = () => 'hi';\n")).build());

        assertThat(admission.admit(function).spec().runtime()).isEqualTo("nodejs");
    }

    @Test
    void python3_isAdmittedAsItIs_withoutAnAnnotation() {
        Function admitted = admission.admit(function("python3"));

        assertThat(admitted.spec().runtime()).isEqualTo("python3");
        assertThat(admitted.metadata().annotations()).isNull();
    }

    @Test
    void python27_isRefusedOnSpecRuntime_sayingPython2IsNotInstalled() {
        assertThatThrownBy(() -> admission.admit(function("python2.7")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("spec.runtime")
                .hasMessageContaining("Python 2 is not installed")
                .hasMessageContaining("port the handler to Python 3");
    }
}

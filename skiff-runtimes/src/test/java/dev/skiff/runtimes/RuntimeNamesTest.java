package dev.skiff.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kubeless's runtime names and the Skiff runtimes they run on. */
class RuntimeNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"python3.7", "python37", "python3.11", "python311", "python3.6", "python3.9.x", "Python3.8"})
    void python3Versions_runOnPython3(String name) {
        assertThat(RuntimeNames.alias(name)).contains("python3");
        assertThat(RuntimeNames.isPython2(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodejs6", "nodejs8", "nodejs14", "nodejs14.x", "nodejs20", "node18"})
    void nodejsVersions_runOnNodejs(String name) {
        assertThat(RuntimeNames.alias(name)).contains("nodejs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "nodejs", "java", "http", "command", "ruby2.4", "go1.14", "python", ""})
    void skiffsOwnNames_andOthers_areNotAliases(String name) {
        assertThat(RuntimeNames.alias(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"python2.7", "python27", "python2"})
    void python2_isRecognised_andItsRefusalSaysWhatToDo(String name) {
        assertThat(RuntimeNames.isPython2(name)).isTrue();
        assertThat(RuntimeNames.alias(name)).isEmpty();
        assertThat(RuntimeNames.python2Refusal(name)).contains(name).contains("Python 2 is not installed")
                .contains("port the handler to Python 3");
    }

    @Test
    void python2_onAMachineThatHasIt_isRefusedSayingWhereItIs_andWhyItCannotRun() {
        String refusal = RuntimeNames.python2Refusal("python2.7", java.util.Optional.of(java.nio.file.Path.of("/usr/bin/python2.7")));

        assertThat(refusal).contains("Python 2 is at /usr/bin/python2.7").contains("runs on Python 3 only")
                .contains("port the handler to Python 3").doesNotContain("not installed");
    }

    @Test
    void null_isNoAlias_andNotPython2() {
        assertThat(RuntimeNames.alias(null)).isEmpty();
        assertThat(RuntimeNames.isPython2(null)).isFalse();
    }
}

package dev.skiff.server.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SeccompScriptTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void load_shippedScript_isThePolicy() {
        assertThat(SeccompScript.load().text()).contains("SyscallFilter(defaction=seccomp.ALLOW)", "export_bpf");
    }

    @Test
    void fileName_sameText_sameName() {
        assertThat(new SeccompScript("policy").fileName()).isEqualTo(new SeccompScript("policy").fileName())
                .matches("seccomp-[0-9a-f]{16}\\.bpf");
    }

    @Test
    void fileName_changedText_newName() {
        assertThat(new SeccompScript("policy").fileName()).isNotEqualTo(new SeccompScript("policy ").fileName());
    }

    @Test
    void argv_runsTheTextIsolated_withTheOutputAsItsArgument() {
        assertThat(new SeccompScript("print(1)").argv(PYTHON, Path.of("/d/f.tmp")))
                .containsExactly("/usr/bin/python3", "-I", "-c", "print(1)", "/d/f.tmp");
    }

    @Test
    void problem_exitZero_none() {
        assertThat(SeccompScript.problem(PYTHON, 0, "skipped x: unknown to this libseccomp")).isEmpty();
    }

    @Test
    void problem_missingModule_namesTheDebianPackage() {
        assertThat(SeccompScript.problem(PYTHON, SeccompScript.MISSING_MODULE, "the Python module 'seccomp' is missing"))
                .hasValue("/usr/bin/python3 has no 'seccomp' module: install the Debian package python3-seccomp");
    }

    @Test
    void problem_otherFailure_givesStatusAndTheOutputsEnd() {
        assertThat(SeccompScript.problem(PYTHON, 1, "Traceback (most recent call last):\n" + "x".repeat(2000)
                + "\nRuntimeError: Library error (errno = -22)\n"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("the seccomp filter script failed (exit status 1): …")
                        .endsWith("RuntimeError: Library error (errno = -22)")
                        .hasSizeLessThan(700));
    }

    @Test
    void problem_failureWithoutOutput_givesTheStatus() {
        assertThat(SeccompScript.problem(PYTHON, 137, " \n")).hasValue("the seccomp filter script failed (exit status 137)");
    }

    @Test
    void programProblem_wholeInstructions_none() {
        assertThat(SeccompScript.programProblem(8)).isEmpty();
        assertThat(SeccompScript.programProblem(4096 * 8)).isEmpty();
    }

    @Test
    void programProblem_emptyPartialOrTooLong_said() {
        assertThat(SeccompScript.programProblem(0)).isPresent();
        assertThat(SeccompScript.programProblem(12)).isPresent();
        assertThat(SeccompScript.programProblem(4097 * 8)).isPresent();
    }
}

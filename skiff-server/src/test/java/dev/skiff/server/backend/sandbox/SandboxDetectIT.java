package dev.skiff.server.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No silent unsandboxed mode: where the sandbox cannot be made, the server refuses, naming what is
 * missing; only the operator's {@code --insecure-no-sandbox} runs functions without one. On this
 * machine everything the sandbox needs is there, so what is "missing" here is the seccomp filter.
 */
class SandboxDetectIT {
    @TempDir
    Path temp;

    @Test
    void everythingThere_sandboxes() {
        Sandbox sandbox = Sandbox.detect(SandboxUser.DEFAULT, List.of(), SeccompFilter.build(temp), List.of());

        assertThat(sandbox.enabled()).isTrue();
        assertThat(sandbox.user()).contains(SandboxUser.DEFAULT);
        assertThat(sandbox.describe()).isEqualTo("bubblewrap as uid 65532:65532, seccomp, own network");
    }

    @Test
    void somethingMissing_refuses_namingIt_andTheWayOut() {
        SeccompFilter.Result noFilter = new SeccompFilter.Result(Optional.empty(),
                Optional.of("/usr/bin/python3 has no 'seccomp' module: install the Debian package python3-seccomp"));

        assertThatThrownBy(() -> Sandbox.detect(SandboxUser.DEFAULT, List.of(), noFilter, List.of()))
                .isInstanceOf(Sandbox.Unavailable.class)
                .hasMessageContaining("cannot sandbox functions on this machine")
                .hasMessageContaining("install the Debian package python3-seccomp")
                .hasMessageContaining("--insecure-no-sandbox");
    }

    @Test
    void insecure_runsUnsandboxed() {
        Sandbox sandbox = Sandbox.insecure(List.of());

        assertThat(sandbox.enabled()).isFalse();
        assertThat(sandbox.user()).isEmpty();
        assertThat(sandbox.describe()).isEqualTo("none (--insecure-no-sandbox)");
    }
}

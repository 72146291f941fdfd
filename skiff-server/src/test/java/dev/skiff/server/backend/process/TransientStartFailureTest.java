package dev.skiff.server.backend.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which failed starts the backend tries again: passing ones only, never a function's own failure. */
class TransientStartFailureTest {
    @Test
    void aTakenPortAndBubblewrapsLoopbackRefusal_areTriedAgain() {
        assertThat(ProcessBackend.transientFailure("the worker exited with status 1 before it was ready; last output:\n"
                + "bwrap: loopback: Failed RTM_NEWADDR: No child processes")).isTrue();
        assertThat(ProcessBackend.transientFailure("OSError: [Errno 98] Address already in use")).isTrue();
    }

    @Test
    void aFunctionsOwnFailure_isNot() {
        assertThat(ProcessBackend.transientFailure("SKIFF-LOAD-ERROR: ModuleNotFoundError: No module named 'x'")).isFalse();
        assertThat(ProcessBackend.transientFailure("the worker exited with status 1 before it was ready")).isFalse();
        assertThat(ProcessBackend.transientFailure(null)).isFalse();
    }
}

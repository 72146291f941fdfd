package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import org.junit.jupiter.api.Test;

class FunctionDescriptionTest {

    @Test
    void render_readyFunction_showsSpecStatusAndConditions() {
        String text = FunctionDescription.render(Samples.ready("hello"), CliRunner.NOW);

        assertThat(text).isEqualTo("""
                Name:           hello
                Created:        2026-11-22T07:55:00Z (5m ago)
                Generation:     2
                Runtime:        python3
                Handler:        hello.handle
                Source:         hello.py (text, 33 bytes)
                Timeout:        60s
                Max request:    6Mi
                Concurrency:    1 request per instance
                Scale:          min 0, max no limit; target 1 in flight per instance at 70%; window 60s; scale-to-zero grace 30s
                Invokers:       anyone (public)
                Env:            GREETING=hi
                                LEVEL=debug
                Requirements:   requests==2.32.3
                                flask
                URL:            http://127.0.0.1:8080/function/hello
                Ready:          True
                Latest ready:   hello-00002
                Latest created: hello-00002
                Observed gen:   2
                Traffic:        100% hello-00002 (latest)
                Conditions:
                  TYPE    STATUS   REASON   MESSAGE   AGE
                  Ready   True     -        -         4m
                """);
    }

    @Test
    void render_functionRequiringATokens_saysWhoMayInvokeIt() {
        Function ready = Samples.ready("hello");
        Function locked = ready.withSpec(ready.spec().toBuilder().auth("token").build());

        assertThat(FunctionDescription.render(locked, CliRunner.NOW)).contains("Invokers:       callers with a token (auth: token)");
    }

    @Test
    void render_failedDeploy_showsReasonAndMessage() {
        String text = FunctionDescription.render(Samples.failing("hello"), CliRunner.NOW);

        assertThat(text)
                .contains("Ready:          False")
                .contains("Latest ready:   hello-00001")
                .contains("Latest created: hello-00003")
                .contains("Ready   False    DeployFailed   SyntaxError: invalid syntax (hello.py, line 3)   2d");
    }

    @Test
    void render_functionWithoutMetadataOrStatus_printsDashesInsteadOfFailing() {
        Function empty = new Function(null, null, null, null, null);

        assertThat(FunctionDescription.render(empty, CliRunner.NOW)).isEqualTo("""
                Name:       -
                Created:    -
                Generation: -
                """);
    }
}

package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionTableTest {

    @Test
    void render_readyAndFailingFunctions_showsServingRevisionReadinessAndAge() {
        String text = FunctionTable.render(List.of(Samples.ready("hello"), Samples.failing("broken")), CliRunner.NOW);

        assertThat(text).isEqualTo("""
                NAME     RUNTIME   REVISION       READY   URL                                     AGE
                hello    python3   hello-00002    True    http://127.0.0.1:8080/function/hello    5m
                broken   python3   broken-00001   False   http://127.0.0.1:8080/function/broken   5m
                """);
    }

    @Test
    void render_functionWithoutStatus_showsDashes() {
        Function bare = Function.of("bare", FunctionSpec.builder().runtime("python3").handler("h.h").build());

        String text = FunctionTable.render(List.of(bare), CliRunner.NOW);

        assertThat(text.lines().skip(1).findFirst()).contains("bare   python3   -          -       -     -");
    }
}

package dev.skiff.kubernetes.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionSpec;
import dev.skiff.api.Source;
import dev.skiff.api.TrafficTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecHashTest {
    private static final FunctionSpec SPEC = FunctionSpec.builder().runtime("python3").handler("hello.handle")
            .source(Source.text("hello.py", "def handle(req): pass")).env(Map.of("A", "1", "B", "2")).build();

    @Test
    void of_trafficOnlyChange_keepsTheHash() {
        FunctionSpec split = SPEC.withTraffic(List.of(TrafficTarget.revision("hello-00001", 50), TrafficTarget.latest(50)));

        assertThat(SpecHash.of(split)).isEqualTo(SpecHash.of(SPEC)).hasSize(16);
    }

    @Test
    void of_codeChange_changesTheHash() {
        assertThat(SpecHash.of(SPEC.withSource(Source.text("hello.py", "def handle(req): return 1"))))
                .isNotEqualTo(SpecHash.of(SPEC));
    }

    @Test
    void revisionFor_noRevisionYet_isTheFirst() {
        assertThat(SpecHash.revisionFor("hello", null, null, "abc")).isEqualTo("hello-00001");
    }

    @Test
    void revisionFor_sameHash_keepsTheRevision_newHash_makesTheNext() {
        assertThat(SpecHash.revisionFor("hello", "hello-00007", "abc", "abc")).isEqualTo("hello-00007");
        assertThat(SpecHash.revisionFor("hello", "hello-00007", "abc", "def")).isEqualTo("hello-00008");
    }
}

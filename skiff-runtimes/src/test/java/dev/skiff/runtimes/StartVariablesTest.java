package dev.skiff.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StartVariablesTest {
    private static final StartVariables NODE_LIKE = new StartVariables(Set.of("LANG"), List.of("NODE_", "LC_"), Set.of("NODE_ENV"));

    @Test
    void readAtStart_byNameOrPrefix_true_exceptionsAndOthers_false() {
        assertThat(NODE_LIKE.readAtStart("LANG")).isTrue();
        assertThat(NODE_LIKE.readAtStart("NODE_OPTIONS")).isTrue();
        assertThat(NODE_LIKE.readAtStart("LC_ALL")).isTrue();
        assertThat(NODE_LIKE.readAtStart("NODE_ENV")).isFalse();
        assertThat(NODE_LIKE.readAtStart("GREETING")).isFalse();
        assertThat(NODE_LIKE.readAtStart("LANGUAGE")).isFalse();
    }

    @Test
    void allLateIn_envWithoutStartVariables_true_withOne_false() {
        assertThat(NODE_LIKE.allLateIn(null)).isTrue();
        assertThat(NODE_LIKE.allLateIn(Map.of("NODE_ENV", "production", "GREETING", "Ahoy"))).isTrue();
        assertThat(NODE_LIKE.allLateIn(Map.of("GREETING", "Ahoy", "NODE_OPTIONS", "--max-old-space-size=64"))).isFalse();
    }
}

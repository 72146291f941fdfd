package dev.skiff.kubernetes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private static final FunctionStatus SPLIT = new FunctionStatus(List.of(), null, "hello-00002", "hello-00002", 1L,
            List.of(TrafficTarget.revision("hello-00001", 70), new TrafficTarget("hello-00002", true, 30, null, null),
                    TrafficTarget.tag("canary", "hello-00003")));

    @Test
    void pick_rollWithinAShare_choosesThatRevision() {
        assertThat(Routes.pick(SPLIT, null, 0.0)).contains("hello-00001");
        assertThat(Routes.pick(SPLIT, null, 69.9)).contains("hello-00001");
        assertThat(Routes.pick(SPLIT, null, 70.0)).contains("hello-00002");
        assertThat(Routes.pick(SPLIT, null, 99.9)).contains("hello-00002");
    }

    @Test
    void pick_tag_choosesTheTaggedRevision_unknownTag_none() {
        assertThat(Routes.pick(SPLIT, "canary", 5.0)).contains("hello-00003");
        assertThat(Routes.pick(SPLIT, "blue", 5.0)).isEmpty();
    }

    @Test
    void pick_noStatusYet_none() {
        assertThat(Routes.pick(null, null, 5.0)).isEmpty();
    }
}

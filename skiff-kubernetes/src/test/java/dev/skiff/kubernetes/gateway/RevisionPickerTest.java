package dev.skiff.kubernetes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionPickerTest {
    private static final FunctionStatus SPLIT = new FunctionStatus(List.of(), null, "hello-00002", "hello-00002", 1L,
            List.of(TrafficTarget.revision("hello-00001", 70), new TrafficTarget("hello-00002", true, 30, null, null),
                    TrafficTarget.tag("canary", "hello-00003")));

    @Test
    void pick_rollWithinAShare_choosesThatRevision() {
        assertThat(RevisionPicker.pick(SPLIT, null, 0.0)).contains("hello-00001");
        assertThat(RevisionPicker.pick(SPLIT, null, 69.9)).contains("hello-00001");
        assertThat(RevisionPicker.pick(SPLIT, null, 70.0)).contains("hello-00002");
        assertThat(RevisionPicker.pick(SPLIT, null, 99.9)).contains("hello-00002");
    }

    @Test
    void pick_tag_choosesTheTaggedRevision_unknownTag_none() {
        assertThat(RevisionPicker.pick(SPLIT, "canary", 5.0)).contains("hello-00003");
        assertThat(RevisionPicker.pick(SPLIT, "blue", 5.0)).isEmpty();
    }

    @Test
    void pick_noStatusYet_none() {
        assertThat(RevisionPicker.pick(null, null, 5.0)).isEmpty();
    }
}

package dev.skiff.kubernetes.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link RevisionRetention}: what serves stays, the newest stays, and the five newest idle ones. */
class RevisionRetentionTest {
    private static List<String> revisions(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> String.format("hello-%05d", n)).toList();
    }

    @Test
    void fewIdleRevisions_areAllKept() {
        assertThat(RevisionRetention.collectable(revisions(6), Set.of("hello-00006"), "hello-00006")).isEmpty();
    }

    @Test
    void theOldestIdleRevisions_goBeyondTheFiveNewest() {
        assertThat(RevisionRetention.collectable(revisions(9), Set.of("hello-00009"), "hello-00009"))
                .containsExactly("hello-00001", "hello-00002", "hello-00003");
    }

    @Test
    void aRevisionTheTrafficRoutesToOrTags_stays_howeverOld() {
        assertThat(RevisionRetention.collectable(revisions(9), Set.of("hello-00001", "hello-00009"), "hello-00009"))
                .containsExactly("hello-00002", "hello-00003");
    }

    @Test
    void theNewestRevision_stays_evenWhenNothingRoutesToItYet() {
        assertThat(RevisionRetention.collectable(revisions(8), Set.of("hello-00001"), "hello-00008"))
                .containsExactly("hello-00002");
    }
}

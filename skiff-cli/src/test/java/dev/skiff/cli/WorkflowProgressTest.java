package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress line of a running workflow. */
class WorkflowProgressTest {
    @Test
    void line_someFinished_drawsBarCountsElapsedAndEtaFromTheMeanPace() throws IOException {
        JsonNode counts = counts("{\"waiting\": 10, \"ready\": 3, \"retrying\": 1, \"running\": 4, \"succeeded\": 12}");

        String line = WorkflowProgress.line(30, counts, Duration.ofSeconds(62), 0);

        // 62 s for 12 jobs: 18 left take 93 s.
        assertThat(line).isEqualTo("[####......] 12/30 done, 4 running, 14 waiting, 0 failed, 1m02s elapsed, ETA 1m33s");
    }

    @Test
    void line_nothingFinishedYet_hasNoEta() throws IOException {
        String line = WorkflowProgress.line(4, counts("{\"running\": 1, \"waiting\": 3}"), Duration.ofSeconds(5), 0);

        assertThat(line).isEqualTo("[..........] 0/4 done, 1 running, 3 waiting, 0 failed, 5s elapsed");
    }

    @Test
    void line_allDone_fullBarAndNoEta() throws IOException {
        String line = WorkflowProgress.line(4, counts("{\"succeeded\": 4}"), Duration.ofMinutes(75), 0);

        assertThat(line).isEqualTo("[##########] 4/4 done, 0 running, 0 waiting, 0 failed, 1h15m elapsed");
    }

    @Test
    void line_failedAndUnreachable_countsThemAndLeavesThemOutOfTheEta() throws IOException {
        String line = WorkflowProgress.line(4,
                counts("{\"succeeded\": 1, \"failed\": 1, \"unreachable\": 1, \"running\": 1}"), Duration.ofSeconds(20), 0);

        assertThat(line).isEqualTo("[##........] 1/4 done, 1 running, 0 waiting, 1 failed, 1 unreachable, 20s elapsed, ETA 10s");
    }

    @Test
    void line_afterARetry_paceCountsOnlyTheJobsFinishedSinceTheWaitBegan() throws IOException {
        String line = WorkflowProgress.line(30, counts("{\"succeeded\": 22, \"running\": 2, \"waiting\": 6}"),
                Duration.ofSeconds(20), 20);

        // 2 jobs in 20 s: 8 left take 80 s.
        assertThat(line).isEqualTo("[#######...] 22/30 done, 2 running, 6 waiting, 0 failed, 20s elapsed, ETA 1m20s");
    }

    @Test
    void duration_shortForms() {
        assertThat(WorkflowProgress.duration(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(WorkflowProgress.duration(Duration.ofSeconds(60))).isEqualTo("1m00s");
        assertThat(WorkflowProgress.duration(Duration.ofSeconds(3599))).isEqualTo("59m59s");
        assertThat(WorkflowProgress.duration(Duration.ofSeconds(-3))).isEqualTo("0s");
    }

    private static JsonNode counts(String json) throws IOException {
        return Documents.json().readTree(json);
    }
}

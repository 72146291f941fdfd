package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting for a workflow with a fake clock that the pause moves on: no sleeping. */
class WorkflowWaitTest {
    private final FakeClock clock = new FakeClock();
    private final List<Duration> pauses = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void until_runningThenSucceeded_pollsEveryIntervalAndAnswersTheLastDocument() throws Exception {
        Deque<JsonNode> answers = new ArrayDeque<>(List.of(doc("Running", 1), doc("Succeeded", 4)));

        JsonNode last = wait(false).until(doc("Running", 0), answers::poll);

        assertThat(WorkflowWait.state(last)).isEqualTo("Succeeded");
        assertThat(pauses).containsExactly(WorkflowWait.INTERVAL, WorkflowWait.INTERVAL);
        assertThat(answers).isEmpty();
    }

    @Test
    void until_notATerminal_printsANewLineAtMostEveryFewSecondsAndTheLastOne() throws Exception {
        Deque<JsonNode> answers = new ArrayDeque<>();
        for (int i = 1; i <= 20; i++) {
            answers.add(doc("Running", i % 4));
        }
        answers.add(doc("Succeeded", 4));

        wait(false).until(doc("Running", 0), answers::poll);

        // 10.5 s of polling: lines at 0 s, 5 s and 10 s, then the final one.
        assertThat(text().lines()).hasSize(4);
        assertThat(text()).doesNotContain("\r").endsWith("[##########] 4/4 done, 0 running, 0 waiting, 0 failed, 10s elapsed\n");
    }

    @Test
    void until_terminal_redrawsInPlace() throws Exception {
        Deque<JsonNode> answers = new ArrayDeque<>(List.of(doc("Failed", 2)));

        wait(true).until(doc("Running", 1), answers::poll);

        assertThat(text()).startsWith("\r[##.......").contains("\r[#####.....] 2/4 done").endsWith("\n");
        assertThat(text().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    private WorkflowWait wait(boolean terminal) {
        return new WorkflowWait(clock, duration -> {
            pauses.add(duration);
            clock.now = clock.now.plus(duration);
        }, new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
    }

    private String text() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode doc(String state, int succeeded) {
        try {
            return Documents.json().readTree("{\"spec\": {\"jobs\": 4}, \"status\": {\"state\": \"" + state
                    + "\", \"counts\": {\"succeeded\": " + succeeded + "}}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock that reads what the pauses made it. */
    private static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

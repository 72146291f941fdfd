package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for a workflow to end: asks the server for it every {@link #INTERVAL}, draws the progress line on
 * standard error (redrawn in place on a terminal, a new line at most every {@link #QUIET} otherwise), and
 * answers the last document. Time comes from a clock and a pause given to it, so tests need not sleep.
 */
final class WorkflowWait {
    /** How often the server is asked. */
    static final Duration INTERVAL = Duration.ofMillis(500);
    /** The least time between two progress lines when standard error is not a terminal. */
    static final Duration QUIET = Duration.ofSeconds(5);

    /** Asks the server for the workflow. */
    interface Fetch {
        JsonNode get() throws IOException, InterruptedException;
    }

    /** Waits; {@code Thread.sleep} outside tests. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Clock clock;
    private final Pause pause;
    private final PrintStream err;
    private final boolean terminal;

    WorkflowWait(Clock clock, Pause pause, PrintStream err, boolean terminal) {
        this.clock = clock;
        this.pause = pause;
        this.err = err;
        this.terminal = terminal;
    }

    /** A wait on the context's clock, drawing on its standard error, in place when the process has a terminal. */
    static WorkflowWait of(CliContext context) {
        return new WorkflowWait(context.clock(), duration -> Thread.sleep(duration), context.err(), terminal());
    }

    /** Polls from {@code first} (the document in hand) until the workflow is no longer Running; answers the last document. */
    JsonNode until(JsonNode first, Fetch fetch) throws IOException, InterruptedException {
        Instant start = clock.instant();
        int finishedBefore = WorkflowProgress.finished(first.at("/status/counts"));
        Instant lastLine = null;
        String lastText = null;
        JsonNode workflow = first;
        while (true) {
            Instant now = clock.instant();
            String text = WorkflowProgress.line(workflow.at("/spec/jobs").asInt(), workflow.at("/status/counts"),
                    Duration.between(start, now), finishedBefore);
            boolean running = "Running".equals(state(workflow));
            if (terminal) {
                err.print("\r" + text + "\u001b[K");
                err.flush();
            } else if (!text.equals(lastText) && (lastLine == null || !running
                    || !now.isBefore(lastLine.plus(QUIET)))) {
                err.println(text);
                lastLine = now;
                lastText = text;
            }
            if (!running) {
                if (terminal) {
                    err.println();
                }
                return workflow;
            }
            pause.sleep(INTERVAL);
            workflow = fetch.get();
        }
    }

    /** The workflow's state, e.g. {@code Running}. */
    static String state(JsonNode workflow) {
        return workflow.at("/status/state").asText("");
    }

    /**
     * True when the process talks to a terminal: {@code Console.isTerminal} from Java 22, a console at all on 21.
     * Java cannot ask about standard error alone; this asks about standard input and output.
     */
    private static boolean terminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}

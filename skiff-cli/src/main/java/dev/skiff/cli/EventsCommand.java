package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff events}: the dead-letter store, and replaying what is in it. */
@Command(name = "events", usageHelpAutoWidth = true, description = "Dead letters: events a trigger gave up on.",
        subcommands = {EventsCommand.DeadLettersList.class, EventsCommand.Replay.class})
public final class EventsCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff events dead-letters [--trigger T]}. */
    @Command(name = "dead-letters", description = "List dead letters, oldest first.")
    static final class DeadLettersList implements Callable<Integer> {
        @ParentCommand
        private EventsCommand parent;

        @Option(names = "--trigger", paramLabel = "NAME", description = "Only this trigger's.")
        String trigger;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String path = "/api/v1/deadletters" + (trigger == null ? "" : "?trigger=" + SkiffClient.segment(trigger));
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", path), output,
                    List.of("ID", "TRIGGER", "EVENT", "TYPE", "ATTEMPTS", "REASON"),
                    List.of(d -> d.path("id").asText(), d -> d.path("trigger").asText(), d -> d.at("/event/id").asText(),
                            d -> d.at("/event/type").asText(), d -> d.path("attempts").asText(), d -> d.path("reason").asText()),
                    "No dead letters.");
            return 0;
        }
    }

    /** Which dead letters to replay. */
    static final class Which {
        @Parameters(paramLabel = "ID", description = "One dead letter.")
        Long id;

        @Option(names = "--trigger", paramLabel = "NAME", description = "Every dead letter of this trigger.")
        String trigger;
    }

    /** {@code skiff events replay ID | --trigger T}. */
    @Command(name = "replay", description = "Send dead letters again to their trigger's function.")
    static final class Replay implements Callable<Integer> {
        @ParentCommand
        private EventsCommand parent;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (which.id != null) {
                JsonNode letter = EventCommands.call(parent.skiff, "POST", "/api/v1/deadletters/" + which.id + "/replay");
                parent.skiff.context().out().println("replayed dead letter " + which.id + " (event " + letter.at("/event/id").asText()
                        + ") to trigger " + letter.path("trigger").asText());
            } else {
                JsonNode replayed = EventCommands.call(parent.skiff, "POST",
                        "/api/v1/deadletters/replay?trigger=" + SkiffClient.segment(which.trigger));
                parent.skiff.context().out().println("replayed " + replayed.size() + " dead letters to trigger " + which.trigger);
            }
            return 0;
        }
    }
}

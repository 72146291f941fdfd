package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code skiff volume ls}: every volume, as a table or as the server's JSON. */
@Command(name = "ls", aliases = "list", usageHelpAutoWidth = true, description = "List the volumes.")
public final class VolumeListCommand implements Callable<Integer> {
    @ParentCommand
    private VolumeCommand volume;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml.")
    OutputFormat output;

    /** Prints the volumes; with none, a table prints a note on standard error instead. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode answer;
        try (SkiffClient client = volume.skiff().client()) {
            answer = client.volumes();
        }
        CliContext context = volume.skiff().context();
        output.print(context, answer, () -> {
            Table table = new Table(List.of("NAME", "PATH", "OWNER"));
            for (JsonNode item : answer.path("items")) {
                table.row(item.path("name").asText(), item.path("path").asText(),
                        item.path("external").asBoolean() ? "user" : "skiff");
            }
            if (answer.path("items").isEmpty()) {
                context.err().println("No volumes yet; create one with 'skiff volume create NAME'.");
            } else {
                context.out().print(table.render());
            }
        });
        return 0;
    }
}

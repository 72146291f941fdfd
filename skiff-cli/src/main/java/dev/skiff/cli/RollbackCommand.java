package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff rollback}: all traffic to the revision before the newest one taking a share. */
@Command(name = "rollback", usageHelpAutoWidth = true,
        description = {"Send all of a function's traffic to the revision before the newest one taking a share.",
            "The traffic stays pinned there until 'skiff traffic NAME --split @latest=100'."})
public final class RollbackCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    /** Rolls back and prints the traffic in force. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode answer;
        try (SkiffClient client = skiff.client()) {
            answer = client.rollback(name);
        }
        skiff.context().out().print(TrafficCommand.describe(ServerDocuments.function(answer).status().traffic()));
        return 0;
    }
}

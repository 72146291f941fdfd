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
    private static final String COMMAND = "rollback";

    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    /** Rolls back and prints the traffic in force. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode answer;
        if (skiff.onCluster()) {
            throw new CliException(("'skiff %s' asks a Skiff server; on a cluster, 'skiff describe %s' shows the traffic"
                    + " and 'skiff traffic %s --split REVISION=100' moves it").formatted(COMMAND, name, name));
        }
        try (SkiffClient client = skiff.client()) {
            answer = client.rollback(name);
        }
        skiff.context().out().print(TrafficCommand.inForce(ServerDocuments.function(answer)));
        return 0;
    }
}

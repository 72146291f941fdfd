package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff revisions}: a function's revisions with their traffic share, instances and age. */
@Command(name = "revisions", usageHelpAutoWidth = true,
        description = "List a function's revisions, newest first, with their traffic share, tags, instances and age.")
public final class RevisionsCommand implements Callable<Integer> {
    private static final String COMMAND = "revisions";

    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml.")
    OutputFormat output;

    /** Prints the revisions in the chosen format. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode answer;
        if (skiff.onCluster()) {
            throw new CliException(("'skiff %s' asks a Skiff server; on a cluster, 'skiff describe %s' shows the traffic"
                    + " and 'skiff traffic %s --split REVISION=100' moves it").formatted(COMMAND, name, name));
        }
        try (SkiffClient client = skiff.client()) {
            answer = client.revisions(name);
        }
        CliContext context = skiff.context();
        output.print(context, answer, () -> context.out().print(RevisionTable.render(answer, context.clock().instant())));
        return 0;
    }
}

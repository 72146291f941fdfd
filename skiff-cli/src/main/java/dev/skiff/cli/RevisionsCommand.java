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
        try (SkiffClient client = skiff.client()) {
            answer = client.revisions(name);
        }
        CliContext context = skiff.context();
        switch (output) {
            case JSON -> context.out().println(ServerDocuments.prettyJson(answer));
            case YAML -> context.out().print(ServerDocuments.yaml(answer));
            case TABLE -> context.out().print(RevisionTable.render(answer, context.clock().instant()));
        }
        return 0;
    }
}

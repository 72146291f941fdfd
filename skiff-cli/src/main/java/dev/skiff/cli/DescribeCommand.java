package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff describe}: one function's spec, status and conditions. */
@Command(name = "describe", usageHelpAutoWidth = true, description = "Show a function's spec, status, conditions and revisions with their traffic and instances.")
public final class DescribeCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml.")
    OutputFormat output;

    /** Prints the function in the chosen format. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode answer;
        JsonNode revisions = null;
        try (SkiffClient client = skiff.client()) {
            answer = client.get(name);
            if (output == OutputFormat.TABLE) {
                revisions = client.revisions(name);
            }
        }
        CliContext context = skiff.context();
        switch (output) {
            case JSON -> context.out().println(ServerDocuments.prettyJson(answer));
            case YAML -> context.out().print(ServerDocuments.yaml(answer));
            case TABLE -> {
                context.out().print(FunctionDescription.render(ServerDocuments.function(answer), context.clock().instant()));
                context.out().print("Revisions:\n" + RevisionTable.render(revisions, context.clock().instant())
                        .lines().map(line -> "  " + line + "\n").collect(java.util.stream.Collectors.joining()));
            }
        }
        return 0;
    }
}

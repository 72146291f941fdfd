package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff describe}: one function's spec, status and conditions. */
@Command(name = "describe", usageHelpAutoWidth = true, description = "Show a function's spec, status, conditions, limits and revisions with their traffic and instances.")
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
        Optional<JsonNode> revisions;
        try (FunctionStore client = skiff.functions()) {
            answer = client.get(name);
            revisions = output == OutputFormat.TABLE ? client.revisionActivity(name) : Optional.empty();
        }
        CliContext context = skiff.context();
        output.print(context, answer, () -> {
            context.out().print(FunctionDescription.render(ServerDocuments.function(answer), context.clock().instant()));
            revisions.flatMap(RevisionLimits::render).ifPresent(context.out()::print);
            revisions.flatMap(RevisionCaps::render).ifPresent(context.out()::print);
            revisions.ifPresent(items -> context.out().print("Revisions:\n" + RevisionTable.render(items,
                    context.clock().instant()).lines().map(line -> "  " + line + "\n").collect(Collectors.joining())));
        });
        return 0;
    }
}

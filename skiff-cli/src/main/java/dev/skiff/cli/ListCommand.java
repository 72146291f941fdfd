package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Function;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code skiff list}: every function, as a table or as the server's JSON. */
@Command(name = "list", usageHelpAutoWidth = true, description = "List the functions.")
public final class ListCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml.")
    OutputFormat output;

    /** Prints the functions; with none, a table prints a note on standard error instead. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode answer;
        try (FunctionStore client = skiff.functions()) {
            answer = client.list();
        }
        CliContext context = skiff.context();
        output.print(context, answer, () -> {
            List<Function> functions = ServerDocuments.functions(answer);
            if (functions.isEmpty()) {
                context.err().println("No functions yet; deploy one with 'skiff deploy'.");
            } else {
                context.out().print(FunctionTable.render(functions, context.clock().instant()));
            }
        });
        return 0;
    }
}

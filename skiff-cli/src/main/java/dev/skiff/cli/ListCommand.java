package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.Documents;
import dev.skiff.api.Function;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff list [NAME]}: every function (or the one named), as a table or as the server's JSON. */
@Command(name = "list", usageHelpAutoWidth = true, description = "List the functions, or the one named.")
public class ListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this function (an error when there is none).")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml.")
    OutputFormat output;

    /** The {@code skiff} command this one runs under (directly, or as {@code skiff function ...}). */
    SkiffCommand skiff() {
        return SkiffCommand.of(spec);
    }

    /** Prints the functions; with none, a table prints a note on standard error instead. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode answer;
        try (FunctionStore client = skiff().functions()) {
            answer = name == null ? client.list() : one(client.get(name));
        }
        CliContext context = skiff().context();
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

    /** A list answer {@code {"items": [function]}} holding one function. */
    private static JsonNode one(JsonNode function) {
        ObjectNode list = Documents.json().createObjectNode();
        list.putArray("items").add(function);
        return list;
    }
}

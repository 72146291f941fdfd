package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff activations}: the records of invocations. */
@Command(name = "activations", usageHelpAutoWidth = true, description = "Records of invocations, sync and async.",
        subcommands = {ActivationsCommand.ListActivations.class, ActivationsCommand.Get.class})
public final class ActivationsCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff activations list [--function f]}. */
    @Command(name = "list", aliases = "ls", description = "The newest activations first.")
    static final class ListActivations implements Callable<Integer> {
        @ParentCommand
        private ActivationsCommand parent;

        @Option(names = "--function", paramLabel = "NAME", description = "Only this function's.")
        String function;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "30", description = "How many (default 30).")
        int limit;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String path = "/api/v1/activations?limit=" + limit + (function == null ? "" : "&function=" + SkiffClient.segment(function));
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", path), output,
                    List.of("ID", "FUNCTION", "REVISION", "START", "DURATION", "COLD", "STATUS"),
                    List.of(a -> a.path("activationId").asText(), a -> a.path("function").asText(),
                            a -> a.path("revision").asText(), a -> a.path("start").asText(),
                            a -> String.format("%.1f ms", a.path("durationMillis").asDouble()),
                            a -> a.path("coldStart").asBoolean() ? "yes" : "no",
                            a -> a.path("status").asText() + " " + a.path("statusCode").asText()),
                    "No activations yet.");
            return 0;
        }
    }

    /** {@code skiff activations get ID}. */
    @Command(name = "get", description = "One activation: timings, result and log lines, as JSON.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        private ActivationsCommand parent;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode activation = EventCommands.call(parent.skiff, "GET", "/api/v1/activations/" + SkiffClient.segment(id));
            parent.skiff.context().out().println(ServerDocuments.prettyJson(activation));
            return 0;
        }
    }
}

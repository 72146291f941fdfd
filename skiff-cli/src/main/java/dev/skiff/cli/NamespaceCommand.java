package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff namespace}: the server's namespaces, each a team's own space with its quota. */
@Command(name = "namespace", aliases = "ns", usageHelpAutoWidth = true,
        description = "Make, list, describe and delete namespaces (making and deleting needs an admin token).",
        subcommands = {NamespaceCommand.Create.class, NamespaceCommand.Update.class, NamespaceCommand.ListNamespaces.class,
            NamespaceCommand.Describe.class, NamespaceCommand.Delete.class})
public final class NamespaceCommand {
    private static final String PATH = "/api/v1/namespaces";

    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff namespace create NAME [--max-functions N] [--max-instances N] [--max-memory 4Gi] [--max-in-flight N]}. */
    @Command(name = "create", description = "Make a namespace.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private NamespaceCommand parent;

        @Parameters(paramLabel = "NAME", description = "A DNS-1123 label of at most 40 characters.")
        String name;

        @Option(names = "--max-functions", paramLabel = "N", description = "The most functions it may hold (default: no limit).")
        Integer maxFunctions;

        @Option(names = "--max-in-flight", paramLabel = "N", description = "The most requests to its functions in flight at "
                + "once, waiting ones included; past it, 429 with Retry-After (default: no limit).")
        Integer maxInFlight;

        @Option(names = "--max-instances", paramLabel = "N", description = "The most instances its functions run at once; "
                + "autoscalers stop at it, and a deploy or cold start past it gets 429 (default: no limit).")
        Integer maxInstances;

        @Option(names = "--max-memory", paramLabel = "SIZE", converter = ResourceQuantityConverter.Memory.class,
                description = "The most memory its instances' limits add up to, e.g. 4Gi (default: no limit).")
        String maxMemory;

        @Override
        public Integer call() throws IOException, InterruptedException {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putObject("metadata").put("name", name);
            ObjectNode spec = body.putObject("spec");
            putIfGiven(spec, "maxFunctions", maxFunctions);
            putIfGiven(spec, "maxInFlight", maxInFlight);
            putIfGiven(spec, "maxInstances", maxInstances);
            putIfGiven(spec, "maxMemory", maxMemory);
            EventCommands.create(parent.skiff, PATH, body);
            parent.skiff.context().out().println("namespace \"" + name + "\" created");
            return 0;
        }
    }

    /**
     * {@code skiff namespace update NAME [--max-functions N] [--max-instances N] [--max-memory SIZE] [--max-in-flight N]
     * [--no-limits]}: the quotas given change, the others stay.
     */
    @Command(name = "update", description = "Change a namespace's quotas (those not given stay; 0 functions refuses new ones).")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        private NamespaceCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--max-functions", paramLabel = "N", description = "The most functions it may hold.")
        Integer maxFunctions;

        @Option(names = "--max-in-flight", paramLabel = "N", description = "The most requests to its functions in flight at once.")
        Integer maxInFlight;

        @Option(names = "--max-instances", paramLabel = "N", description = "The most instances its functions run at once.")
        Integer maxInstances;

        @Option(names = "--max-memory", paramLabel = "SIZE", converter = ResourceQuantityConverter.Memory.class,
                description = "The most memory its instances' limits add up to, e.g. 4Gi.")
        String maxMemory;

        @Option(names = "--no-limits", description = "Remove every quota.")
        boolean noLimits;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String path = PATH + "/" + SkiffClient.segment(name);
            JsonNode current = EventCommands.call(parent.skiff, "GET", path);
            ObjectNode spec = noLimits ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) current.path("spec")).deepCopy();
            putIfGiven(spec, "maxFunctions", maxFunctions);
            putIfGiven(spec, "maxInFlight", maxInFlight);
            putIfGiven(spec, "maxInstances", maxInstances);
            putIfGiven(spec, "maxMemory", maxMemory);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putObject("metadata").put("name", name);
            body.set("spec", spec);
            try (SkiffClient client = parent.skiff.client(null)) {
                client.call("PUT", path, body.toString());
            }
            parent.skiff.context().out().println("namespace \"" + name + "\" updated");
            return 0;
        }
    }

    /** {@code skiff namespace list}: those the token reaches, with their usage. */
    @Command(name = "list", aliases = "ls", description = "List the namespaces your token reaches.")
    static final class ListNamespaces implements Callable<Integer> {
        @ParentCommand
        private NamespaceCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", PATH), output,
                    List.of("NAME", "FUNCTIONS", "MAX FUNCTIONS", "INSTANCES", "MAX INSTANCES", "MEMORY", "MAX MEMORY",
                            "MAX IN FLIGHT"),
                    List.of(n -> n.at("/metadata/name").asText(), n -> n.at("/status/functions").asText(),
                            NamespaceCommand::maxFunctions, n -> n.at("/status/instances").asText(),
                            n -> limit(n.at("/spec/maxInstances")), n -> n.at("/status/memory").asText(),
                            n -> limit(n.at("/spec/maxMemory")), n -> limit(n.at("/spec/maxInFlight"))),
                    "No namespaces.");
            return 0;
        }
    }

    /** {@code skiff namespace describe NAME}: its quotas and usage. */
    @Command(name = "describe", description = "Show a namespace's quotas and what it holds against them.")
    static final class Describe implements Callable<Integer> {
        @ParentCommand
        private NamespaceCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode namespace = EventCommands.call(parent.skiff, "GET", PATH + "/" + SkiffClient.segment(name));
            CliContext context = parent.skiff.context();
            context.out().println("Name:       " + namespace.at("/metadata/name").asText());
            context.out().println("Created:    " + (namespace.at("/metadata/creationTimestamp").isTextual()
                    ? namespace.at("/metadata/creationTimestamp").asText() : "-"));
            context.out().println("Functions:  " + namespace.at("/status/functions").asText() + " of "
                    + maxFunctions(namespace));
            context.out().println("Instances:  " + namespace.at("/status/instances").asText() + " of "
                    + limit(namespace.at("/spec/maxInstances")));
            context.out().println("Memory:     " + namespace.at("/status/memory").asText() + " of "
                    + limit(namespace.at("/spec/maxMemory")));
            context.out().println("In flight:  at most " + limit(namespace.at("/spec/maxInFlight")));
            return 0;
        }
    }

    /** {@code skiff namespace delete NAME [--force]}. */
    @Command(name = "delete", description = "Delete a namespace; refused while it holds functions, unless --force.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        private NamespaceCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "Delete the functions it holds too.")
        boolean force;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.call(parent.skiff, "DELETE", PATH + "/" + SkiffClient.segment(name) + (force ? "?force=true" : ""));
            parent.skiff.context().out().println("namespace \"" + name + "\" deleted");
            return 0;
        }
    }

    private static String maxFunctions(JsonNode namespace) {
        return limit(namespace.at("/spec/maxFunctions"));
    }

    private static String limit(JsonNode max) {
        return max.isNumber() || max.isTextual() ? max.asText() : "no limit";
    }

    private static void putIfGiven(ObjectNode spec, String field, Integer value) {
        if (value != null) {
            spec.put(field, value);
        }
    }

    private static void putIfGiven(ObjectNode spec, String field, String value) {
        if (value != null) {
            spec.put(field, value);
        }
    }
}

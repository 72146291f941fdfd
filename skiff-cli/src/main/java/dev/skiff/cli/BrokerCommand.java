package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff broker}: event brokers, as Knative's. */
@Command(name = "broker", usageHelpAutoWidth = true, description = "Manage brokers: where events are sent.",
        subcommands = {BrokerCommand.Create.class, BrokerCommand.ListBrokers.class, BrokerCommand.Delete.class})
public final class BrokerCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff broker create NAME}. */
    @Command(name = "create", description = "Create a broker; events go to its URL.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private BrokerCommand parent;

        @Parameters(paramLabel = "NAME", description = "The broker's name, e.g. default.")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode created = EventCommands.create(parent.skiff, "/api/v1/brokers", EventCommands.resource("Broker", name));
            parent.skiff.context().out().println(created.at("/status/address").asText());
            return 0;
        }
    }

    /** {@code skiff broker list}. */
    @Command(name = "list", aliases = "ls", description = "List the brokers.")
    static final class ListBrokers implements Callable<Integer> {
        @ParentCommand
        private BrokerCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", "/api/v1/brokers"), output,
                    List.of("NAME", "URL"), List.of(b -> b.at("/metadata/name").asText(), b -> b.at("/status/address").asText()),
                    "No brokers yet; create one with 'skiff broker create default'.");
            return 0;
        }
    }

    /** {@code skiff broker delete NAME}. */
    @Command(name = "delete", description = "Delete a broker and the events it holds (refused while triggers use it).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        private BrokerCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.call(parent.skiff, "DELETE", "/api/v1/brokers/" + SkiffClient.segment(name));
            parent.skiff.context().out().println("broker \"" + name + "\" deleted");
            return 0;
        }
    }
}

package dev.skiff.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff cron}: cron triggers, as Knative's PingSource. */
@Command(name = "cron", usageHelpAutoWidth = true, description = "Manage cron triggers: a function called on a schedule.",
        subcommands = {CronCommand.Create.class, CronCommand.ListCrons.class, CronCommand.Delete.class})
public final class CronCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff cron create NAME --schedule S --function F}. */
    @Command(name = "create", usageHelpAutoWidth = true, sortOptions = false, description = "Create a cron trigger.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private CronCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--schedule", required = true, paramLabel = "CRON", description = "Unix cron, e.g. '*/5 * * * *'.")
        String schedule;

        @Option(names = "--timezone", paramLabel = "ZONE", description = "e.g. Europe/Warsaw (default UTC).")
        String timezone;

        @Option(names = "--function", required = true, paramLabel = "NAME", description = "The function to call.")
        String function;

        @Option(names = "--data", paramLabel = "TEXT", description = "The event's data, sent on every tick.")
        String data;

        @Option(names = "--content-type", paramLabel = "TYPE", description = "The data's type (default application/json).")
        String contentType;

        @Override
        public Integer call() throws IOException, InterruptedException {
            ObjectNode resource = EventCommands.cron(name, schedule, function);
            ObjectNode spec = (ObjectNode) resource.get("spec");
            if (timezone != null) {
                spec.put("timezone", timezone);
            }
            if (contentType != null) {
                spec.put("contentType", contentType);
            }
            if (data != null) {
                spec.put("data", data);
            }
            var created = EventCommands.create(parent.skiff, "/api/v1/crontriggers", resource);
            parent.skiff.context().out().println("cron trigger \"" + name + "\" created; next tick " + created.at("/status/nextTick").asText());
            return 0;
        }
    }

    /** {@code skiff cron list}. */
    @Command(name = "list", aliases = "ls", description = "List the cron triggers.")
    static final class ListCrons implements Callable<Integer> {
        @ParentCommand
        private CronCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", "/api/v1/crontriggers"), output,
                    List.of("NAME", "SCHEDULE", "TIMEZONE", "FUNCTION", "LAST", "NEXT"),
                    List.of(c -> c.at("/metadata/name").asText(), c -> c.at("/spec/schedule").asText(),
                            c -> c.at("/spec/timezone").asText(), c -> c.at("/spec/sink/function").asText(),
                            c -> c.at("/status/lastTick").asText(), c -> c.at("/status/nextTick").asText()),
                    "No cron triggers yet; create one with 'skiff cron create NAME --schedule ... --function F'.");
            return 0;
        }
    }

    /** {@code skiff cron delete NAME}. */
    @Command(name = "delete", description = "Delete a cron trigger.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        private CronCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.call(parent.skiff, "DELETE", "/api/v1/crontriggers/" + SkiffClient.segment(name));
            parent.skiff.context().out().println("cron trigger \"" + name + "\" deleted");
            return 0;
        }
    }
}

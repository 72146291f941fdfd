package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff trigger}: what sends a broker's or topic's events to a function. */
@Command(name = "trigger", usageHelpAutoWidth = true, description = "Manage triggers: events of a broker or topic to a function.",
        subcommands = {TriggerCommand.Create.class, TriggerCommand.ListTriggers.class, TriggerCommand.Delete.class})
public final class TriggerCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** Where the trigger listens: a broker or a topic. */
    static final class Source {
        @Option(names = "--broker", paramLabel = "NAME", description = "The broker whose events it delivers.")
        String broker;

        @Option(names = "--topic", paramLabel = "NAME", description = "The topic whose messages it delivers.")
        String topic;
    }

    /** {@code skiff trigger create NAME --broker B --function F [--filter type=x]... [--ordering unordered --max-in-flight N]}. */
    @Command(name = "create", usageHelpAutoWidth = true, sortOptions = false, description = "Create a trigger.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private TriggerCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--function", required = true, paramLabel = "NAME", description = "The function events go to.")
        String function;

        @Option(names = "--filter", paramLabel = "ATTR=VALUE", description = "Keep events whose attribute equals VALUE; repeatable.")
        List<String> exact = new ArrayList<>();

        @Option(names = "--filter-prefix", paramLabel = "ATTR=VALUE", description = "Keep events whose attribute starts with VALUE.")
        List<String> prefix = new ArrayList<>();

        @Option(names = "--filter-suffix", paramLabel = "ATTR=VALUE", description = "Keep events whose attribute ends with VALUE.")
        List<String> suffix = new ArrayList<>();

        @Option(names = "--retry", paramLabel = "N", description = "Retries after a failed try (default 10).")
        Integer retry;

        @Option(names = "--backoff-policy", paramLabel = "POLICY", description = "exponential (default) or linear.")
        String backoffPolicy;

        @Option(names = "--backoff-delay", paramLabel = "DURATION", description = "ISO-8601, e.g. PT0.2S (the default).")
        String backoffDelay;

        @Option(names = "--dead-letter-function", paramLabel = "NAME",
                description = "A function that receives what could not be delivered (else: 'skiff events dead-letters').")
        String deadLetter;

        @Option(names = "--ordering", paramLabel = "ORDERING",
                description = "ordered (default: one event at a time, in order) or unordered (several at once, any order).")
        String ordering;

        @Option(names = "--max-in-flight", paramLabel = "N",
                description = "With --ordering unordered: the most events in flight at once (default 32).")
        Integer maxInFlight;

        @Override
        public Integer call() throws IOException, InterruptedException {
            ObjectNode resource = EventCommands.trigger(name, source.broker, source.topic, function);
            ObjectNode spec = (ObjectNode) resource.get("spec");
            addFilters(spec, "exact", exact, "--filter");
            addFilters(spec, "prefix", prefix, "--filter-prefix");
            addFilters(spec, "suffix", suffix, "--filter-suffix");
            ObjectNode delivery = spec.putObject("delivery");
            if (retry != null) {
                delivery.put("retry", retry);
            }
            if (backoffPolicy != null) {
                delivery.put("backoffPolicy", backoffPolicy);
            }
            if (backoffDelay != null) {
                delivery.put("backoffDelay", backoffDelay);
            }
            if (deadLetter != null) {
                delivery.putObject("deadLetterSink").put("function", deadLetter);
            }
            if (ordering != null) {
                delivery.put("ordering", ordering);
            }
            if (maxInFlight != null) {
                delivery.put("maxInFlight", maxInFlight);
            }
            EventCommands.create(parent.skiff, "/api/v1/triggers", resource);
            parent.skiff.context().out().println("trigger \"" + name + "\" created");
            return 0;
        }

        private static void addFilters(ObjectNode spec, String dialect, List<String> given, String option) {
            for (String value : given) {
                String[] pair = EventCommands.pair(option, value);
                EventCommands.array(spec, "filters").addObject().putObject(dialect).put(pair[0], pair[1]);
            }
        }
    }

    /** {@code skiff trigger list}. */
    @Command(name = "list", aliases = "ls", description = "List the triggers.")
    static final class ListTriggers implements Callable<Integer> {
        @ParentCommand
        private TriggerCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", "/api/v1/triggers"), output,
                    List.of("NAME", "SOURCE", "FUNCTION", "FILTERS", "ORDERING"),
                    List.of(t -> t.at("/metadata/name").asText(), TriggerCommand::source,
                            t -> t.at("/spec/subscriber/function").asText(), t -> t.at("/spec/filters").toString(),
                            TriggerCommand::ordering),
                    "No triggers yet; create one with 'skiff trigger create NAME --broker B --function F'.");
            return 0;
        }
    }

    private static String source(JsonNode trigger) {
        JsonNode spec = trigger.path("spec");
        return spec.hasNonNull("broker") ? "broker/" + spec.get("broker").asText() : "topic/" + spec.path("topic").asText();
    }

    /** {@code ordered}, or {@code unordered (N)} with its bound on events in flight. */
    private static String ordering(JsonNode trigger) {
        JsonNode delivery = trigger.at("/spec/delivery");
        String ordering = delivery.path("ordering").asText("ordered");
        return "unordered".equals(ordering) ? ordering + " (" + delivery.path("maxInFlight").asText() + ")" : ordering;
    }

    /** {@code skiff trigger delete NAME}. */
    @Command(name = "delete", description = "Delete a trigger.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        private TriggerCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.call(parent.skiff, "DELETE", "/api/v1/triggers/" + SkiffClient.segment(name));
            parent.skiff.context().out().println("trigger \"" + name + "\" deleted");
            return 0;
        }
    }
}

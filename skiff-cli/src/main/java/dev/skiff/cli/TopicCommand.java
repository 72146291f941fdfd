package dev.skiff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff topic}: kubeless-style topics; a trigger with {@code --topic} fires a function per message. */
@Command(name = "topic", usageHelpAutoWidth = true, description = "Manage topics and publish messages to them.",
        subcommands = {TopicCommand.Create.class, TopicCommand.ListTopics.class, TopicCommand.Delete.class,
            TopicCommand.Publish.class})
public final class TopicCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff topic create NAME}. */
    @Command(name = "create", description = "Create a topic.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private TopicCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.create(parent.skiff, "/api/v1/topics", EventCommands.resource("Topic", name));
            parent.skiff.context().out().println("topic \"" + name + "\" created");
            return 0;
        }
    }

    /** {@code skiff topic list}. */
    @Command(name = "list", aliases = "ls", description = "List the topics.")
    static final class ListTopics implements Callable<Integer> {
        @ParentCommand
        private TopicCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", "/api/v1/topics"), output,
                    List.of("NAME"), List.of(t -> t.at("/metadata/name").asText()),
                    "No topics yet; create one with 'skiff topic create NAME'.");
            return 0;
        }
    }

    /** {@code skiff topic delete NAME}. */
    @Command(name = "delete", description = "Delete a topic (refused while triggers use it).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        private TopicCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.call(parent.skiff, "DELETE", "/api/v1/topics/" + SkiffClient.segment(name));
            parent.skiff.context().out().println("topic \"" + name + "\" deleted");
            return 0;
        }
    }

    /** {@code skiff topic publish NAME --data TEXT}, or kubeless's {@code skiff topic publish --topic NAME --data TEXT}. */
    @Command(name = "publish", description = "Publish a message; prints its id once it is stored.")
    static final class Publish implements Callable<Integer> {
        @ParentCommand
        private TopicCommand parent;

        @Parameters(arity = "0..1", paramLabel = "NAME", description = "The topic (or give it with --topic).")
        String name;

        @Option(names = "--topic", paramLabel = "NAME", description = "The topic, as kubeless spelled it.")
        String topic;

        @Option(names = "--data", required = true, paramLabel = "TEXT", description = "The message.")
        String data;

        @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/json",
                description = "The message's type (default application/json).")
        String contentType;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String target = topicName(name, topic);
            try (SkiffClient client = parent.skiff.client()) {
                var answer = client.post("/api/v1/topics/" + SkiffClient.segment(target) + "/messages", contentType,
                        data.getBytes(StandardCharsets.UTF_8));
                parent.skiff.context().out().println(answer.path("id").asText());
            }
            return 0;
        }
    }

    /** The topic named by the argument or by {@code --topic}; a usage error when neither, or two different ones, is given. */
    static String topicName(String positional, String option) {
        if (positional == null && option == null) {
            throw new CliException("Missing the topic: give it as 'skiff topic publish NAME' or with --topic NAME");
        }
        if (positional != null && option != null && !positional.equals(option)) {
            throw new CliException("Two topics given (" + positional + " and --topic " + option + "): give one");
        }
        return positional != null ? positional : option;
    }
}

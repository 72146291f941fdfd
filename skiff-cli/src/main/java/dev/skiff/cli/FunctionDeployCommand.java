package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Function;
import dev.skiff.api.ObjectMeta;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skiff function deploy NAME}: {@code skiff deploy} with kubeless's flags too: {@code --label},
 * {@code --trigger-http} (the default), {@code --trigger-topic TOPIC} and {@code --schedule CRON}, the last
 * two each making a trigger named after the function once it is deployed.
 */
@Command(name = "deploy", description = {"Deploy a function as 'skiff deploy' does, with kubeless's flags too:",
    "--trigger-topic and --schedule also make a trigger (named after the function) that calls it."})
public class FunctionDeployCommand extends DeployCommand {
    @Option(names = "--label", paramLabel = "K=V", description = "A label on the function (metadata.labels); repeatable.")
    Map<String, String> labels;

    @Option(names = "--trigger-http", description = "Answer HTTP at the function's URL (always so; the default).")
    boolean triggerHttp;

    @Option(names = "--trigger-topic", paramLabel = "TOPIC",
            description = "Also call the function with each message published to TOPIC (a trigger).")
    String triggerTopic;

    @Option(names = "--schedule", paramLabel = "CRON",
            description = "Also call the function on this Unix cron schedule, e.g. '*/5 * * * *' (a cron trigger).")
    String schedule;

    /** {@code skiff function update NAME}: as deploy, for a function that exists (an error when it does not). */
    @Command(name = "update", description = "Update a function that exists, with deploy's flags.")
    static final class Update extends FunctionDeployCommand {
        /** Replaces the function (PUT only): an error, and nothing created, when it does not exist. */
        @Override
        JsonNode send(FunctionStore client, Function function) throws IOException, InterruptedException {
            return client.replace(function);
        }
    }

    /**
     * The function of {@code skiff deploy}'s flags, with the {@code --label} labels over the document's; a
     * {@link CliException} before anything is sent when triggers are asked for on a cluster.
     */
    @Override
    Function function() {
        if (skiff().onCluster() && (triggerTopic != null || schedule != null)) {
            throw new CliException("--trigger-topic and --schedule make triggers on a Skiff server; on a cluster, "
                    + "apply a Trigger or CronTrigger resource (skiff.dev/v1alpha1) for the function instead");
        }
        Function function = super.function();
        if (labels == null || labels.isEmpty()) {
            return function;
        }
        ObjectMeta meta = function.metadata();
        Map<String, String> merged = new LinkedHashMap<>(meta.labels() == null ? Map.of() : meta.labels());
        merged.putAll(labels);
        ObjectMeta labelled = new ObjectMeta(meta.name(), meta.namespace(), merged, meta.annotations(),
                meta.generation(), meta.creationTimestamp());
        return new Function(function.apiVersion(), function.kind(), labelled, function.spec(), function.status());
    }

    /** Makes the {@code --trigger-topic} and {@code --schedule} triggers, keeping one that exists already. */
    @Override
    void deployed(Function function) throws IOException, InterruptedException {
        if (triggerTopic != null) {
            ensure("/api/v1/triggers", EventCommands.trigger(function.name(), null, triggerTopic, function.name()),
                    "trigger", "topic " + triggerTopic);
        }
        if (schedule != null) {
            ensure("/api/v1/crontriggers", EventCommands.cron(function.name(), schedule, function.name()),
                    "cron trigger", "schedule " + schedule);
        }
    }

    private void ensure(String path, ObjectNode resource, String kind, String what)
            throws IOException, InterruptedException {
        String name = resource.at("/metadata/name").asText();
        try {
            EventCommands.create(skiff(), path, resource);
            skiff().context().out().println(kind + " \"" + name + "\" created (" + what + ")");
        } catch (ApiException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
            skiff().context().out().println(kind + " \"" + name + "\" exists; kept as it is (delete it to change it)");
        }
    }
}

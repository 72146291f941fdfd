package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code skiff workflow logs NAME [JOB]}: the log lines of a job's last attempt, from its activation
 * record; without a job, those of every job that ran, in start order, each line prefixed by the job's id.
 */
@Command(name = "logs", usageHelpAutoWidth = true,
        description = "Print the log lines of a job's last attempt, or of every job that ran, prefixed by its id.")
final class WorkflowLogsCommand implements Callable<Integer> {
    @ParentCommand
    private WorkflowCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow.")
    String name;

    @Parameters(index = "1", paramLabel = "JOB", arity = "0..1", description = "One job's id (default: every job).")
    String job;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = parent.skiff().context().out();
        try (SkiffClient client = parent.skiff().client()) {
            JsonNode workflow = client.call("GET", WorkflowCommand.path(name), null);
            if (job != null) {
                JsonNode entry = find(workflow, job);
                String activation = entry.path("activation").asText(null);
                if (activation == null) {
                    throw new CliException("job \"" + job + "\" of workflow \"" + name + "\" has no activation: it has not run"
                            + " (or ran on a server that did not record activations of jobs)");
                }
                List<String> lines = lines(client, activation);
                for (String line : lines) {
                    out.println(line);
                }
                if (lines.isEmpty()) {
                    // A command job's tool writes into its record (describe -o json: "Execution Output"), not the log.
                    parent.skiff().context().err().println("job \"" + job + "\" wrote no log lines; its record holds what"
                            + " its command printed: skiff workflow describe " + name + " -o json");
                }
                return 0;
            }
            for (JsonNode ran : ran(workflow)) {
                String id = ran.get("id").asText();
                for (String line : lines(client, ran.get("activation").asText())) {
                    out.println(id + " | " + line);
                }
            }
        }
        return 0;
    }

    /** The job {@code id} of {@code workflow}'s document, or a {@link CliException} naming it. */
    static JsonNode find(JsonNode workflow, String id) {
        for (JsonNode entry : workflow.path("jobs")) {
            if (id.equals(entry.path("id").asText())) {
                return entry;
            }
        }
        throw new CliException("workflow \"" + workflow.at("/metadata/name").asText() + "\" has no job \"" + id + "\"");
    }

    /** The jobs of {@code workflow}'s document that have an activation, by start time (ties in the file's order). */
    static List<JsonNode> ran(JsonNode workflow) {
        List<JsonNode> ran = new ArrayList<>();
        for (JsonNode entry : workflow.path("jobs")) {
            if (entry.path("activation").isTextual() && entry.path("startTime").isTextual()) {
                ran.add(entry);
            }
        }
        ran.sort(Comparator.comparing(entry -> Instant.parse(entry.get("startTime").asText())));
        return ran;
    }

    /** The log lines of activation {@code id}; a line saying so when the server keeps no record of it (not yet, or pruned). */
    private static List<String> lines(SkiffClient client, String id) throws IOException, InterruptedException {
        JsonNode activation;
        try {
            activation = client.call("GET", "/api/v1/activations/" + SkiffClient.segment(id), null);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            return List.of("(no record of activation " + id + " yet, or it was pruned)");
        }
        List<String> lines = new ArrayList<>();
        activation.path("logs").forEach(line -> lines.add(line.asText()));
        return lines;
    }
}

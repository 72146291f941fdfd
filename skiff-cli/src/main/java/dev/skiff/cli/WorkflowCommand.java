package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code skiff workflow}: runs a scientific workflow (a Pegasus 5 or WfCommons WfFormat file) on the
 * server, each job a call of the function mapped to its transformation, and follows, cancels or retries it.
 */
@Command(name = "workflow", usageHelpAutoWidth = true,
        description = "Run scientific workflows (Pegasus 5, WfCommons WfFormat): each job a function call.",
        subcommands = {WorkflowCommand.Run.class, WorkflowCommand.ListWorkflows.class, WorkflowCommand.Describe.class,
            WorkflowCommand.Cancel.class, WorkflowCommand.Retry.class, WorkflowLogsCommand.class,
            WorkflowGanttCommand.class, WorkflowExportCommand.class})
public final class WorkflowCommand {
    private static final String PATH = "/api/v1/workflows";

    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff workflow run FILE --function F [--map T=F]... --rundir DIR ...}. */
    @Command(name = "run", usageHelpAutoWidth = true,
            description = "Check a workflow file here, then start it on the server; prints its name.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        private WorkflowCommand parent;

        @Parameters(paramLabel = "FILE", description = "A Pegasus 5 workflow (YAML or JSON) or a WfFormat JSON instance.")
        Path file;

        @Option(names = "--function", paramLabel = "FUNCTION", description = "The function that runs every transformation not mapped.")
        String function;

        @Option(names = "--map", paramLabel = "TRANSFORMATION=FUNCTION", description = "The function of one transformation; repeatable.")
        List<String> map = new ArrayList<>();

        @Option(names = "--rundir", paramLabel = "DIR", required = true, description = "The run directory the jobs share.")
        String rundir;

        @Option(names = "--parallelism", paramLabel = "N", description = "The most jobs running at once (default: the server's).")
        Integer parallelism;

        @Option(names = "--retries", paramLabel = "N", description = "How many times a failed job is tried again (default: the server's).")
        Integer retries;

        @Option(names = "--name", paramLabel = "NAME", description = "The workflow's name (default: one the server makes up).")
        String name;

        @Option(names = "--run-id", paramLabel = "ID", description = "The run's ID, passed to the jobs.")
        String runId;

        @Option(names = "--wait", description = "Wait for the workflow to end, drawing its progress; exit 1 unless it succeeded.")
        boolean await;

        @Override
        public Integer call() throws IOException, InterruptedException {
            WorkflowRequest request = new WorkflowRequest(file, function, map, rundir, name, runId, parallelism, retries);
            JsonNode created = EventCommands.create(parent.skiff, PATH, request.document());
            String createdName = created.at("/metadata/name").asText();
            if (!await) {
                parent.skiff.context().out().println(createdName);
                return 0;
            }
            return parent.await(created);
        }
    }

    /** {@code skiff workflow list}. */
    @Command(name = "list", aliases = "ls", description = "List the workflows, newest first.")
    static final class ListWorkflows implements Callable<Integer> {
        @ParentCommand
        private WorkflowCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Instant now = parent.skiff.context().clock().instant();
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", PATH), output,
                    List.of("NAME", "STATE", "JOBS", "FAILED", "AGE"),
                    List.of(w -> w.at("/metadata/name").asText(null), w -> w.at("/status/state").asText(null),
                            w -> w.at("/status/counts/succeeded").asInt() + "/" + w.at("/spec/jobs").asInt(),
                            w -> Integer.toString(w.at("/status/counts/failed").asInt()),
                            w -> Age.since(w.at("/metadata/creationTimestamp").asText(null), now)),
                    "No workflows yet; start one with 'skiff workflow run FILE --function F --rundir DIR'.");
            return 0;
        }
    }

    /** {@code skiff workflow describe NAME}. */
    @Command(name = "describe", usageHelpAutoWidth = true, description = "Show a workflow and its jobs.")
    static final class Describe implements Callable<Integer> {
        @ParentCommand
        private WorkflowCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            CliContext context = parent.skiff.context();
            JsonNode workflow = parent.get(name);
            output.print(context, workflow, () -> context.out().print(WorkflowDescription.of(workflow)));
            return 0;
        }
    }

    /** {@code skiff workflow cancel NAME}. */
    @Command(name = "cancel", description = "Cancel a running workflow: no new job starts.")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        private WorkflowCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.call(parent.skiff, "POST", path(name) + "/cancel");
            parent.skiff.context().out().println("workflow \"" + name + "\" cancelled");
            return 0;
        }
    }

    /** {@code skiff workflow retry NAME [--wait]}. */
    @Command(name = "retry", description = "Run a failed or cancelled workflow again from the jobs that did not succeed.")
    static final class Retry implements Callable<Integer> {
        @ParentCommand
        private WorkflowCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--wait", description = "Wait for the workflow to end, drawing its progress; exit 1 unless it succeeded.")
        boolean await;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode workflow = EventCommands.call(parent.skiff, "POST", path(name) + "/retry");
            parent.skiff.context().out().println("workflow \"" + name + "\" running again");
            return await ? parent.await(workflow) : 0;
        }
    }

    /** Waits for {@code workflow} to end, prints its final state; 0 when it succeeded, else a {@link CliException}. */
    private int await(JsonNode workflow) throws IOException, InterruptedException {
        String name = workflow.at("/metadata/name").asText();
        JsonNode last;
        try (SkiffClient client = skiff.client()) {
            last = WorkflowWait.of(skiff.context()).until(workflow, () -> client.call("GET", path(name), null));
        }
        String state = WorkflowWait.state(last);
        JsonNode counts = last.at("/status/counts");
        skiff.context().out().println("workflow \"" + name + "\" " + state + ": " + counts.path("succeeded").asInt() + "/"
                + last.at("/spec/jobs").asInt() + " jobs succeeded, " + counts.path("failed").asInt() + " failed");
        return switch (state) {
            case "Succeeded" -> 0;
            case "Cancelled" -> throw new CliException("workflow \"" + name + "\" was cancelled");
            default -> throw new CliException(last.at("/status/message").asText("workflow \"" + name + "\" " + state));
        };
    }

    /** The {@code skiff} command this one runs under. */
    SkiffCommand skiff() {
        return skiff;
    }

    /** The server's document of workflow {@code name}, with its jobs. */
    JsonNode get(String name) throws IOException, InterruptedException {
        return EventCommands.call(skiff, "GET", path(name));
    }

    /** The API path of workflow {@code name}. */
    static String path(String name) {
        return PATH + "/" + SkiffClient.segment(name);
    }
}

package dev.skiff.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.skiff.api.Documents;
import dev.skiff.core.workflow.report.JobsCsv;
import dev.skiff.core.workflow.report.RunReport;
import dev.skiff.core.workflow.report.WfFormatInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff workflow export NAME --format wfcommons|csv [-o FILE]}: the run as a WfFormat 1.5 instance or a CSV of jobs. */
@Command(name = "export", usageHelpAutoWidth = true,
        description = "Export a workflow's run: a WfCommons WfFormat 1.5 instance (JSON) or one CSV row per job.")
final class WorkflowExportCommand implements Callable<Integer> {
    /** What {@code export} writes. */
    enum Format {
        /** A WfCommons WfFormat 1.5 execution instance. */
        WFCOMMONS,
        /** One CSV row per job. */
        CSV
    }

    /** WfFormat's author, both parts or neither. */
    static final class Author {
        @Option(names = "--author", paramLabel = "NAME", required = true, description = "The WfFormat author's name.")
        String name;

        @Option(names = "--author-email", paramLabel = "EMAIL", required = true, description = "The WfFormat author's email.")
        String email;
    }

    @ParentCommand
    private WorkflowCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "wfcommons or csv.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (default: standard output).")
    Path output;

    @ArgGroup(exclusive = false)
    Author author;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CliContext context = parent.skiff().context();
        RunReport run = WorkflowReport.of(parent.get(name));
        ReportOutput.write(context, output, switch (format) {
            case CSV -> JobsCsv.render(run);
            case WFCOMMONS -> wfcommons(run, context.clock().instant());
        });
        return 0;
    }

    private String wfcommons(RunReport run, Instant now) {
        WfFormatInstance.Author named = author == null ? null : new WfFormatInstance.Author(author.name, author.email);
        try {
            return Documents.json().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(WfFormatInstance.of(run, named, now)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        } catch (IllegalArgumentException e) {
            throw new CliException("workflow \"" + run.name() + "\" cannot be exported as WfFormat: " + e.getMessage());
        }
    }
}

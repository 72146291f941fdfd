package dev.skiff.cli;

import dev.skiff.core.workflow.report.GanttSvg;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff workflow gantt NAME [-o FILE]}: the workflow's Gantt chart as SVG, one lane per instance. */
@Command(name = "gantt", usageHelpAutoWidth = true,
        description = "Draw a workflow's jobs as a Gantt chart (SVG): one lane per instance, bars coloured by transformation.")
final class WorkflowGanttCommand implements Callable<Integer> {
    @ParentCommand
    private WorkflowCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the SVG to FILE (default: standard output).")
    Path output;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CliContext context = parent.skiff().context();
        String svg = GanttSvg.render(WorkflowReport.of(parent.get(name)), context.clock().instant());
        ReportOutput.write(context, output, svg);
        return 0;
    }
}

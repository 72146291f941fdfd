package dev.skiff.cli;

import dev.skiff.api.Function;
import dev.skiff.api.ScaleSpec;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff scale}: changes the instance bounds of every revision a function serves, at once. */
@Command(name = "scale", usageHelpAutoWidth = true,
        description = {"Change how many instances each of a function's revisions may run.",
            "Example: skiff scale hello --min 1 --max 10 (max 0: no limit of the function's own)."})
public final class ScaleCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = "--min", paramLabel = "N", description = "Instances kept without traffic (0: scale to zero).")
    Integer min;

    @Option(names = "--max", paramLabel = "N", description = "The most instances per revision (0: no limit).")
    Integer max;

    /** Changes the bounds and prints them. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        if (min == null && max == null) {
            throw new CliException("give --min, --max or both, e.g. skiff scale " + name + " --min 1 --max 10");
        }
        Function function;
        try (FunctionStore client = skiff.functions()) {
            function = ServerDocuments.function(client.scale(name, min, max));
        }
        ScaleSpec scale = function.spec().scale();
        skiff.context().out().println(name + " scales between " + scale.minScale() + " and "
                + (scale.maxScale() == 0 ? "any number of" : scale.maxScale()) + " instances per revision");
        return 0;
    }
}

package dev.skiff.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code skiff delete}: removes a function and stops its instances. */
@Command(name = "delete", usageHelpAutoWidth = true, description = "Delete a function and stop its instances.")
public class DeleteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    /** The {@code skiff} command this one runs under (directly, or as {@code skiff function ...}). */
    SkiffCommand skiff() {
        return SkiffCommand.of(spec);
    }

    /** Deletes the function and says so. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        try (FunctionStore client = skiff().functions()) {
            client.delete(name);
        }
        skiff().context().out().println("function \"" + name + "\" deleted");
        return 0;
    }
}

package dev.skiff.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff delete}: removes a function and stops its instances. */
@Command(name = "delete", usageHelpAutoWidth = true, description = "Delete a function and stop its instances.")
public final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    /** Deletes the function and says so. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        try (FunctionStore client = skiff.functions()) {
            client.delete(name);
        }
        skiff.context().out().println("function \"" + name + "\" deleted");
        return 0;
    }
}

package dev.skiff.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code skiff version}: this build's version and the Java running it. */
@Command(name = "version", usageHelpAutoWidth = true, description = "Print Skiff's version and the Java it runs on.")
public final class VersionCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    /** Prints the version lines. */
    @Override
    public Integer call() {
        for (String line : SkiffVersion.lines()) {
            skiff.context().out().println(line);
        }
        return 0;
    }
}

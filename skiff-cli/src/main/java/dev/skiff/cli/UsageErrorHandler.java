package dev.skiff.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Prints a usage error as picocli words it, then where to find help, and answers exit status 2. */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    /** Prints the message, any "did you mean" suggestions and a pointer to --help; with no arguments, the usage. */
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        if (args.length == 0) {
            commandLine.usage(err);
            err.flush();
            return commandLine.getCommandSpec().exitCodeOnInvalidInput();
        }
        err.println(commandLine.getColorScheme().errorText(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }
}

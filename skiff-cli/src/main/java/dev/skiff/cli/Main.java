package dev.skiff.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code skiff} program's entry point. */
public final class Main {
    private Main() {}

    /** Runs one command and exits with its status: 0 done, 1 failed, 2 usage error. */
    public static void main(String[] args) {
        CliContext context = CliContext.system();
        int status = run(context, args);
        context.out().flush();
        context.err().flush();
        System.exit(status);
    }

    /** Runs one command in {@code context} and answers its exit status. */
    public static int run(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    /** The configured command line: output to the context's streams, errors as one line each. */
    static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new SkiffCommand(context));
        commandLine.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new ErrorReporter(context));
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        return commandLine;
    }
}

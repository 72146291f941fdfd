package dev.skiff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skiff logs}: prints a function's log, and with {@code --follow} keeps printing new lines. */
@Command(name = "logs", usageHelpAutoWidth = true, sortOptions = false,
        description = {"Print a function's log (its processes' output).",
            "With --context, the log of its pods' function containers on the cluster (each line after its pod's",
            "name when there are several; --follow follows the pods there are when it starts)."})
public class LogsCommand implements Callable<Integer> {
    private static final int BUFFER_SIZE = 8192;


    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The function.")
    String name;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100",
            description = "How many of the last lines to print (default: 100).")
    int tail;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they come, until Ctrl-C.")
    boolean follow;

    /** The {@code skiff} command this one runs under (directly, or as {@code skiff function ...}). */
    SkiffCommand skiff() {
        return SkiffCommand.of(spec);
    }

    /** Streams the log to standard output, flushing as each chunk arrives. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        if (tail < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--tail': must be 0 or more");
        }
        PrintStream out = skiff().context().out();
        if (skiff().onCluster()) {
            try (ClusterLogs logs = ClusterLogs.connect(skiff())) {
                logs.print(name, tail, follow, out);
            }
            return 0;
        }
        try (SkiffClient client = skiff().client(); InputStream in = client.logs(name, tail, follow)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        return 0;
    }
}

package dev.skiff.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import picocli.CommandLine;

/** Turns a failed command into one line on standard error, {@code error: <message>}, and exit status 1. */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    /** The exit status of a failed command. */
    public static final int FAILED = 1;

    private final CliContext context;

    /** A reporter writing to the context's standard error. */
    public ErrorReporter(CliContext context) {
        this.context = context;
    }

    /** Prints the error's one line (and with --verbose its stack trace) and answers 1. */
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        SkiffCommand skiff = (SkiffCommand) commandLine.getCommandSpec().root().userObject();
        context.err().println("error: " + message(e, server(skiff)));
        if (skiff.verbose()) {
            e.printStackTrace(context.err());
        }
        context.err().flush();
        return FAILED;
    }

    /** The line to show for {@code e}, a failure talking to the server at {@code server}. */
    public static String message(Throwable e, String server) {
        if (e instanceof ApiException api && api.status() == 401) {
            return e.getMessage() + "\n  The server at " + server + " needs a token. 'skiff server' records its admin token "
                    + "for the CLI of the user who started it; from elsewhere: skiff login --server " + server
                    + " --token-file FILE (an admin makes tokens with 'skiff token create'; the server's own is in its "
                    + "data directory's admin-token), or --token / $" + Credentials.ENV + ".";
        }
        if (e instanceof CliException) {
            return e.getMessage();
        }
        if (unreachable(e)) {
            return "cannot reach the Skiff server at " + server
                    + " (is 'skiff server' running? set --server or " + ServerUrl.ENV + ")";
        }
        if (e instanceof InterruptedException) {
            return "interrupted";
        }
        if (e instanceof IOException) {
            return "talking to the Skiff server at " + server + " failed: " + describe(e);
        }
        return describe(e) + " (run with --verbose for details)";
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
    }

    private static String server(SkiffCommand skiff) {
        try {
            URI uri = skiff.serverUri();
            return uri.toString();
        } catch (CommandLine.ParameterException e) {
            return "(no valid server URL)";
        }
    }
}

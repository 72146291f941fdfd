package dev.skiff.cli;

import picocli.CommandLine.Command;

/**
 * {@code skiff function}: kubeless's {@code kubeless function ...} words over Skiff's own commands, so that
 * what a kubeless user types works as it is.
 */
@Command(name = "function", usageHelpAutoWidth = true,
        description = {"Manage functions as kubeless did: deploy, update, call, ls, logs, delete.",
            "Each is the Skiff command it names (deploy, invoke, list, logs, delete) under kubeless's word."},
        subcommands = {FunctionDeployCommand.class, FunctionDeployCommand.Update.class, FunctionCommand.Call.class,
            FunctionCommand.Ls.class, FunctionCommand.Logs.class, FunctionCommand.Delete.class})
public final class FunctionCommand {
    /** {@code skiff function call NAME --data TEXT}: {@code skiff invoke}. */
    @Command(name = "call", description = "Call a function and print its answer (as 'skiff invoke').")
    static final class Call extends InvokeCommand {
    }

    /** {@code skiff function ls [NAME]}: {@code skiff list}. */
    @Command(name = "ls", aliases = "list", description = "List the functions, or the one named (as 'skiff list').")
    static final class Ls extends ListCommand {
    }

    /** {@code skiff function logs NAME}: {@code skiff logs}. */
    @Command(name = "logs", description = "Print a function's log (as 'skiff logs').")
    static final class Logs extends LogsCommand {
    }

    /** {@code skiff function delete NAME}: {@code skiff delete}. */
    @Command(name = "delete", description = "Delete a function (as 'skiff delete'); its triggers stay.")
    static final class Delete extends DeleteCommand {
    }
}

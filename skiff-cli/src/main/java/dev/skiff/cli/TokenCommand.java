package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skiff token}: the server's tokens (admin only). */
@Command(name = "token", usageHelpAutoWidth = true,
        description = "Make, list and revoke the server's tokens (needs an admin token).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** {@code skiff token create NAME --role ROLE}: prints the new token once, as the last line of standard output. */
    @Command(name = "create", description = {"Make a token. Its secret is printed once, alone on the last line of "
            + "standard output (notes go to standard error): TOKEN=$(skiff token create ci --role developer)."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private TokenCommand parent;

        @Parameters(paramLabel = "NAME", description = "The token's name: letters, digits, '.', '_', '-'.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", required = true,
                description = "admin (everything), developer (deploy, update, delete, invoke, logs, events, "
                        + "activations) or invoker (invoke functions deployed with --auth token, post events).")
        String role;

        @Override
        public Integer call() throws IOException, InterruptedException {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("role", role);
            // -n/--namespace, repeatable here: the namespaces a developer or invoker token reaches (default: default).
            List<String> namespaces = parent.skiff.namespaces();
            if (!namespaces.isEmpty()) {
                namespaces.forEach(body.putArray("namespaces")::add);
            }
            JsonNode made;
            try (SkiffClient client = parent.skiff.client(null)) {
                made = client.call("POST", "/api/v1/tokens", body.toString());
            }
            CliContext context = parent.skiff.context();
            context.err().println("token \"" + made.path("name").asText() + "\" created with the role "
                    + made.path("role").asText() + "; its secret, below, is shown only now:");
            context.err().flush();
            context.out().println(made.path("token").asText());
            return 0;
        }
    }

    /** {@code skiff token list}: names, roles, when made and last used; never a secret. */
    @Command(name = "list", aliases = "ls", description = "List the tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        private TokenCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            java.time.Instant now = parent.skiff.context().clock().instant();
            EventCommands.print(parent.skiff, EventCommands.call(parent.skiff, "GET", "/api/v1/tokens"), output,
                    List.of("NAME", "ROLE", "NAMESPACES", "AGE", "LAST USED"),
                    List.of(t -> t.path("name").asText(), t -> t.path("role").asText(),
                            t -> String.join(",", ServerDocuments.texts(t.path("namespaces"))),
                            t -> Age.since(t.path("created").asText(), now),
                            t -> t.path("lastUsed").isTextual() ? Age.since(t.path("lastUsed").asText(), now) + " ago" : "never"),
                    "No tokens.");
            return 0;
        }
    }

    /** {@code skiff token revoke NAME}: refused from the next request on. */
    @Command(name = "revoke", description = "Revoke a token: every request presenting it is refused from now on.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        private TokenCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            EventCommands.call(parent.skiff, "DELETE", "/api/v1/tokens/" + SkiffClient.segment(name));
            parent.skiff.context().out().println("token \"" + name + "\" revoked");
            return 0;
        }
    }
}

package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code skiff secret}: values a function reads as files under {@code /var/skiff/secrets/NAME/}
 * (deploy it with {@code --secret NAME}). Values go to the server and never come back: list and
 * describe show names, keys, ages and the functions that read them.
 */
@Command(name = "secret", usageHelpAutoWidth = true, description = "Manage secrets: values functions read and nobody else sees.",
        subcommands = {SecretCommand.Create.class, SecretCommand.Update.class, SecretCommand.ListSecrets.class,
            SecretCommand.Delete.class})
public final class SecretCommand {
    @ParentCommand
    private SkiffCommand skiff;

    /** The values of {@code create} and {@code update}. */
    static final class Values {
        @Option(names = "--from-literal", paramLabel = "KEY=VALUE", description = "A key and its value; repeatable.")
        List<String> literals = new ArrayList<>();

        @Option(names = "--from-file", paramLabel = "KEY=PATH", description = "A key and the file holding its value; repeatable.")
        List<String> files = new ArrayList<>();

        /** The secret document: {@code stringData} for literals, {@code data} (base64) for files. */
        ObjectNode document(String name) {
            if (literals.isEmpty() && files.isEmpty()) {
                throw new CliException("give the secret's values: --from-literal KEY=VALUE or --from-file KEY=PATH");
            }
            ObjectNode node = Documents.json().createObjectNode();
            node.putObject("metadata").put("name", name);
            ObjectNode text = node.putObject("stringData");
            ObjectNode data = node.putObject("data");
            for (String literal : literals) {
                int eq = literal.indexOf('=');
                if (eq < 1) {
                    throw new CliException("--from-literal expects KEY=VALUE, e.g. password=s3cret; got something without a key");
                }
                text.put(literal.substring(0, eq), literal.substring(eq + 1));
            }
            for (String file : files) {
                int eq = file.indexOf('=');
                if (eq < 1) {
                    throw new CliException("--from-file expects KEY=PATH, e.g. tls.key=./server.key; got " + file);
                }
                Path path = Path.of(file.substring(eq + 1));
                try {
                    data.put(file.substring(0, eq), Base64.getEncoder().encodeToString(Files.readAllBytes(path)));
                } catch (NoSuchFileException e) {
                    throw new CliException("--from-file " + file.substring(0, eq) + ": no file " + path);
                } catch (IOException e) {
                    throw new CliException("--from-file " + file.substring(0, eq) + ": cannot read " + path + ": " + e.getMessage());
                }
            }
            return node;
        }
    }

    /** {@code skiff secret create NAME --from-literal K=V --from-file K=PATH}. */
    @Command(name = "create", usageHelpAutoWidth = true, description = "Create a secret.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private SecretCommand parent;

        @Parameters(paramLabel = "NAME", description = "The secret's name, e.g. db.")
        String name;

        @picocli.CommandLine.Mixin
        Values values;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode created;
            try (SecretTarget target = parent.target()) {
                created = target.create(values.document(name));
            }
            parent.skiff.context().out().println("secret \"" + name + "\" created with the keys "
                    + String.join(", ", keys(created)));
            return 0;
        }
    }

    /** {@code skiff secret update NAME ...}: replaces every key and value. */
    @Command(name = "update", usageHelpAutoWidth = true,
            description = "Replace a secret's keys and values; instances started from now on read the new ones.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        private SecretCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @picocli.CommandLine.Mixin
        Values values;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode updated;
            try (SecretTarget target = parent.target()) {
                updated = target.update(name, values.document(name));
            }
            parent.skiff.context().out().println("secret \"" + name + "\" updated: " + String.join(", ", keys(updated))
                    + "; instances started from now on read the new values");
            return 0;
        }
    }

    /** {@code skiff secret list}. */
    @Command(name = "list", aliases = "ls", description = "List the secrets: names, keys, ages, users; never values.")
    static final class ListSecrets implements Callable<Integer> {
        @ParentCommand
        private SecretCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json or yaml.")
        OutputFormat output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Instant now = Instant.now();
            JsonNode listed;
            try (SecretTarget target = parent.target()) {
                listed = target.list();
            }
            EventCommands.print(parent.skiff, listed, output,
                    List.of("NAME", "KEYS", "AGE", "UPDATED", "USED BY"),
                    List.of(s -> s.at("/metadata/name").asText(), s -> String.join(",", keys(s)),
                            s -> Age.since(s.at("/metadata/creationTimestamp").asText(null), now),
                            s -> Age.since(s.at("/status/updated").asText(null), now),
                            s -> String.join(",", texts(s.at("/status/usedBy")))),
                    "No secrets yet; create one with 'skiff secret create db --from-literal password=...'.");
            return 0;
        }
    }

    /** {@code skiff secret delete NAME [--force]}. */
    @Command(name = "delete", description = "Delete a secret (refused while a function reads it, unless --force).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        private SecretCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "Delete it even while functions read it: their new instances will not start.")
        boolean force;

        @Override
        public Integer call() throws IOException, InterruptedException {
            try (SecretTarget target = parent.target()) {
                target.delete(name, force);
            }
            parent.skiff.context().out().println("secret \"" + name + "\" deleted");
            return 0;
        }
    }

    /** The cluster's Secrets with {@code --context}/{@code --kubeconfig}, else the server's secrets. */
    private SecretTarget target() {
        return skiff.onCluster() ? ClusterSecrets.connect(skiff) : SecretTarget.server(skiff.client());
    }

    private static List<String> keys(JsonNode secret) {
        return texts(secret.path("keys"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}

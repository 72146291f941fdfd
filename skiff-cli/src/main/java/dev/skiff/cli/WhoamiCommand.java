package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code skiff whoami}: which token the CLI presents to the server, and what it may do. */
@Command(name = "whoami", usageHelpAutoWidth = true,
        description = "Show the token the CLI presents to the server: its name, role and namespaces.")
public final class WhoamiCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode who;
        try (SkiffClient client = skiff.client(null)) {
            who = client.call("GET", "/api/v1/whoami", null);
        }
        skiff.context().out().println(who.path("name").asText() + " (role " + who.path("role").asText() + "; namespaces "
                + String.join(", ", ServerDocuments.texts(who.path("namespaces"))) + ") at " + skiff.serverUri());
        return 0;
    }
}

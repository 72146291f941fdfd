package dev.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.core.credentials.CredentialsFile;
import dev.skiff.core.credentials.ServerCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code skiff login}: checks a token against a server and records it in the CLI configuration, so
 * later commands with that {@code --server} (or {@code $SKIFF_URL}) present it with no flag.
 */
@Command(name = "login", usageHelpAutoWidth = true,
        description = {"Record a token for a server in the CLI configuration ($SKIFF_CONFIG, else "
                + "~/.config/skiff/config.json, readable by you only), after checking that the server takes it.",
            "The server named with --server (or $SKIFF_URL); the token with --token, --token-file or $SKIFF_TOKEN."})
public final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token from this file (keeps it out of the shell's history and the process list).")
    Path tokenFile;

    @Option(names = "--certificate-authority", paramLabel = "FILE",
            description = "For an https server whose certificate the system does not trust: the PEM file of that "
                    + "certificate or of the authority that issued it.")
    Path certificateAuthority;

    @Override
    public Integer call() throws IOException, InterruptedException {
        URI server = skiff.serverUri();
        String token = token();
        String trust = certificateAuthority == null ? null : certificateAuthority.toAbsolutePath().toString();
        if (trust != null && !Files.isReadable(certificateAuthority)) {
            throw new CliException("--certificate-authority " + certificateAuthority + ": no such readable file");
        }
        ServerCredentials credentials = new ServerCredentials(token, trust);
        JsonNode who;
        try (SkiffClient client = new SkiffClient(server, credentials)) {
            who = client.call("GET", "/api/v1/whoami", null);
        }
        CredentialsFile file = CredentialsFile.of(skiff.context().env());
        file.record(server, credentials);
        skiff.context().out().println("logged in to " + server + " as \"" + who.path("name").asText() + "\" (role "
                + who.path("role").asText() + "); recorded in " + file.path());
        return 0;
    }

    private String token() throws IOException {
        String given = skiff.tokenFlag();
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        if (tokenFile != null) {
            if (!Files.isReadable(tokenFile)) {
                throw new CliException("--token-file " + tokenFile + ": no such readable file");
            }
            String read = Files.readString(tokenFile).strip();
            if (read.isEmpty()) {
                throw new CliException("--token-file " + tokenFile + " is empty");
            }
            return read;
        }
        String env = skiff.context().env().get(Credentials.ENV);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        throw new CliException("no token to log in with: give --token TOKEN, --token-file FILE or $" + Credentials.ENV);
    }
}

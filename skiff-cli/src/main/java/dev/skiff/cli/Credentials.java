package dev.skiff.cli;

import dev.skiff.core.credentials.CredentialsFile;
import dev.skiff.core.credentials.ServerCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI presents to a server: the token from {@code --token}, else {@code $SKIFF_TOKEN}, else
 * the one the CLI configuration records for that server ({@code skiff server} records its own on
 * every start; {@code skiff login} others), with the configuration's trust for a TLS server. Pure
 * but for reading the configuration.
 */
final class Credentials {
    /** The environment variable holding a token. */
    static final String ENV = "SKIFF_TOKEN";

    private Credentials() {}

    /** The credentials for {@code server}: the token may be null (none known), as may the trust. */
    static ServerCredentials resolve(URI server, String flag, Map<String, String> env) {
        String token = flag != null && !flag.isBlank() ? flag.strip() : blankToNull(env.get(ENV));
        ServerCredentials recorded;
        try {
            recorded = CredentialsFile.of(env).lookup(server).orElse(null);
        } catch (IllegalStateException e) {
            if (token != null) {
                return new ServerCredentials(token, null);
            }
            throw new CliException(e.getMessage());
        }
        if (recorded == null) {
            return new ServerCredentials(token, null);
        }
        return new ServerCredentials(token != null ? token : recorded.token(), recorded.certificateAuthority());
    }

    /** The trust file of {@code credentials}, or null. */
    static Path trust(ServerCredentials credentials) {
        return credentials.certificateAuthority() == null ? null : Path.of(credentials.certificateAuthority());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

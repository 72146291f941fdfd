package dev.skiff.server;

import dev.skiff.core.credentials.FileOwner;
import java.nio.file.Path;
import java.util.List;

/**
 * Who may reach the management API, and how the CLI finds its way in.
 *
 * @param allowedHosts host names, besides the loopback names and IP addresses, that requests may
 *     name in their {@code Host} ({@code --allowed-host}): the names the server is reached by when
 *     it serves beyond loopback. Any other name is refused, which keeps out DNS rebinding
 * @param metricsPublic {@code GET /metrics} answers without a token ({@code --metrics-public})
 * @param agentApiOpen the seed-002 agent's API answers without a token ({@code --agent-api-open},
 *     loopback binds only)
 * @param cliConfig the CLI configuration the server records its URL and admin token in on every
 *     start, so the local user's CLI works with no flag; null: none (tests, embedding)
 * @param cliConfigOwner who the CLI configuration is given to (the user who ran {@code sudo skiff
 *     server}); null: the server's own user
 * @param tls the certificate and key the server serves HTTPS with; null: plain HTTP
 */
public record AccessConfig(List<String> allowedHosts, boolean metricsPublic, boolean agentApiOpen, Path cliConfig,
                           FileOwner cliConfigOwner, Tls tls) {
    /** The default: loopback names and addresses only, tokens everywhere, no CLI configuration written, no TLS. */
    public static final AccessConfig DEFAULT = new AccessConfig(List.of(), false, false, null, null, null);

    /**
     * A PEM certificate (chain) and its private key ({@code --tls-cert}, {@code --tls-key}).
     *
     * @param cert the certificate file, the server's first
     * @param key the private key file (PKCS#8 or PKCS#1)
     */
    public record Tls(Path cert, Path key) {}

    /** Null is none; the list is copied. */
    public AccessConfig {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    /** This config answering to {@code hosts} too. */
    public AccessConfig withAllowedHosts(List<String> hosts) {
        return new AccessConfig(hosts, metricsPublic, agentApiOpen, cliConfig, cliConfigOwner, tls);
    }

    /** This config with {@code /metrics} open or not. */
    public AccessConfig withMetricsPublic(boolean open) {
        return new AccessConfig(allowedHosts, open, agentApiOpen, cliConfig, cliConfigOwner, tls);
    }

    /** This config with the agent's API open or not. */
    public AccessConfig withAgentApiOpen(boolean open) {
        return new AccessConfig(allowedHosts, metricsPublic, open, cliConfig, cliConfigOwner, tls);
    }

    /** This config recording the server in the CLI configuration {@code file} (null: none). */
    public AccessConfig withCliConfig(Path file) {
        return new AccessConfig(allowedHosts, metricsPublic, agentApiOpen, file, cliConfigOwner, tls);
    }

    /** This config serving HTTPS with {@code newTls} (null: plain HTTP). */
    public AccessConfig withTls(Tls newTls) {
        return new AccessConfig(allowedHosts, metricsPublic, agentApiOpen, cliConfig, cliConfigOwner, newTls);
    }
}

package dev.skiff.server;

import java.nio.file.Path;

/**
 * How to run the embedded server.
 *
 * @param host the address to bind; 127.0.0.1 unless the user says otherwise
 * @param port the port to listen on; 0 picks a free one
 * @param dataDir where the database, code, environments and logs live
 * @param python the Python interpreter for python3 functions, or null to find one
 */
public record ServerConfig(String host, int port, Path dataDir, String python) {
    /** The default address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /** A config for tests and embedding: loopback, a free port. */
    public static ServerConfig ephemeral(Path dataDir) {
        return new ServerConfig(DEFAULT_HOST, 0, dataDir, null);
    }
}

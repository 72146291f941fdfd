package dev.skiff.bench;

import java.nio.charset.StandardCharsets;

/**
 * Where the load goes: a loopback host, a port and a path, asked with a bodiless {@code GET}.
 *
 * @param host the server's address
 * @param port the server's port
 * @param path the request target, starting with '/'
 */
public record Target(String host, int port, String path) {
    /** Checks the path. */
    public Target {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the path must start with '/': " + path);
        }
    }

    /** The request's bytes, built once and written as they are for every request. */
    public byte[] getRequest() {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The target as a URL, for reports. */
    public String url() {
        return "http://" + host + ":" + port + path;
    }
}

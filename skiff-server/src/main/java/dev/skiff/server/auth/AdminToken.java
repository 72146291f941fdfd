package dev.skiff.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import dev.skiff.core.credentials.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server's own admin token, whose secret lives in a file of the data directory readable by the
 * server's user only (0600). Made on the first start and written once; a later start keeps it while
 * the file holds a valid admin token, and makes a new one (a new file) when the file is gone or its
 * token was revoked: revoking {@code admin} and restarting is how it is rotated.
 */
public final class AdminToken {
    private AdminToken() {}

    /** The admin token's secret, after making sure {@code file} holds a valid one of {@code tokens}. */
    public static String ensure(Path file, Tokens tokens) {
        Optional<String> existing = read(file);
        Tokens.Created admin = tokens.ensureAdmin(existing);
        if (!existing.equals(Optional.of(admin.secret()))) {
            write(file, admin.secret());
        }
        return admin.secret();
    }

    private static Optional<String> read(Path file) {
        try {
            String secret = Files.readString(file).strip();
            return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String secret) {
        try {
            PrivateFiles.replace(file, (secret + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token file " + file + ": " + e.getMessage(), e);
        }
    }
}

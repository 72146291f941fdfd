package dev.skiff.server.secrets;

import dev.skiff.core.credentials.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The file holding the secrets key ({@code DATA/secrets.key}, 0600, beside the database and never
 * in it): read at each use, made by the first secret sealed. A copy of the database without it
 * holds no readable value; losing it makes the secrets unreadable, which every use says plainly.
 */
public final class SecretKeyFile {
    private final Path file;

    /** The key kept in {@code file}. */
    public SecretKeyFile(Path file) {
        this.file = file;
    }

    /** Where the key is kept. */
    public Path path() {
        return file;
    }

    /** The box over the key in the file; empty when there is no file. A file that holds no key is an error. */
    public Optional<SecretBox> read() throws BadKeyFile {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BadKeyFile("cannot read the secrets key file " + file + ": " + e.getMessage());
        }
        try {
            return Optional.of(new SecretBox(Base64.getDecoder().decode(text)));
        } catch (IllegalArgumentException e) {
            throw new BadKeyFile("the secrets key file " + file + " does not hold a key (" + SecretBox.KEY_BYTES
                    + " bytes in base64); restore it from a backup");
        }
    }

    /** The box over the key in the file, making a new key (and the file, 0600) when there is none. */
    public synchronized SecretBox readOrCreate() throws BadKeyFile {
        Optional<SecretBox> existing = read();
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] key = SecretBox.newKey();
        try {
            PrivateFiles.replace(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets key file " + file + ": " + e.getMessage(), e);
        }
        return new SecretBox(key);
    }

    /** The key file is there but is not a key. */
    public static final class BadKeyFile extends Exception {
        BadKeyFile(String message) {
            super(message);
        }
    }
}

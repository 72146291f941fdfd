package dev.skiff.core.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Documents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local user's CLI configuration: for each server (keyed by {@link ServerAddress#key}), the
 * token and trust the CLI presents to it, as kubeconfig keeps contexts. {@code skiff server} records
 * its own address and admin token here on every start; {@code skiff login} records another server.
 *
 * <p>The file is JSON, {@code {"servers": {"http://127.0.0.1:8080": {"token": "..."}}}}, readable by
 * its owner only (0600, in a 0700 directory). Every change holds a lock (a lock file beside it, and
 * a lock within this JVM), reads the file afresh, and replaces it with a new file by a rename, so
 * servers started in parallel each add their entry and a reader never sees half a file.
 */
public final class CredentialsFile {
    /** The environment variable naming the file, for several configurations on one account (and tests). */
    public static final String ENV = "SKIFF_CONFIG";
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final FileOwner owner;

    /** The configuration at {@code file}, which need not exist yet. */
    public CredentialsFile(Path file) {
        this(file, null);
    }

    /**
     * The configuration at {@code file}, whose file and the directories made for it are given to
     * {@code owner} (null: left to the writer).
     */
    public CredentialsFile(Path file, FileOwner owner) {
        this.file = file;
        this.owner = owner;
    }

    /**
     * Where the configuration lives for this environment: {@code $SKIFF_CONFIG}, else
     * {@code $XDG_CONFIG_HOME/skiff/config.json}, else {@code $HOME/.config/skiff/config.json}
     * ({@code user.home} when {@code HOME} is unset).
     */
    public static CredentialsFile of(Map<String, String> env) {
        String named = env.get(ENV);
        if (named != null && !named.isBlank()) {
            return new CredentialsFile(Path.of(named));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(Optional.ofNullable(env.get("HOME")).filter(h -> !h.isBlank())
                        .orElse(System.getProperty("user.home")), ".config");
        return new CredentialsFile(base.resolve("skiff").resolve("config.json"));
    }

    /** The file's path. */
    public Path path() {
        return file;
    }

    /**
     * What is recorded for the server at {@code server}, if anything; an {@link IllegalStateException}
     * saying which file is broken when it cannot be read as a configuration.
     */
    public Optional<ServerCredentials> lookup(URI server) {
        JsonNode entry = read().path("servers").path(ServerAddress.key(server));
        if (!entry.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Documents.json().treeToValue(entry, ServerCredentials.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw broken(e.getMessage());
        }
    }

    /** Records {@code credentials} for {@code server}, replacing what was recorded for it; other servers' entries stay. */
    public void record(URI server, ServerCredentials credentials) {
        IN_THIS_JVM.lock();
        try {
            Path dir = file.toAbsolutePath().getParent();
            createPrivateDirectories(dir);
            Path lockPath = dir.resolve(file.getFileName() + ".lock");
            try (FileChannel lockFile = FileChannel.open(lockPath,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), PrivateFiles.ownerOnly());
                 FileLock ignored = lockFile.lock()) {
                PrivateFiles.giveAway(lockPath, owner);
                ObjectNode root = read() instanceof ObjectNode existing ? existing : Documents.json().createObjectNode();
                JsonNode servers = root.path("servers");
                ObjectNode all = servers instanceof ObjectNode object ? object : root.putObject("servers");
                all.set(ServerAddress.key(server), Documents.json().valueToTree(credentials));
                PrivateFiles.replace(file, Documents.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(root), owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CLI configuration " + file + ": " + e.getMessage(), e);
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    private JsonNode read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Documents.json().createObjectNode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CLI configuration " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = bytes.length == 0 ? Documents.json().createObjectNode() : Documents.json().readTree(bytes);
            if (!root.isObject() || root.has("servers") && !root.get("servers").isObject()) {
                throw broken("it is not a JSON object of the form {\"servers\": {...}}");
            }
            return root;
        } catch (IOException e) {
            throw broken(e.getMessage());
        }
    }

    private IllegalStateException broken(String why) {
        return new IllegalStateException("the CLI configuration " + file + " is not valid (" + why
                + "); fix or remove it, then run skiff login again");
    }

    /** Creates {@code dir} and its missing parents, owner-only, each given to the owner. */
    private void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            if (PrivateFiles.posix()) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectory(dir);
            }
            PrivateFiles.giveAway(dir, owner);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // Another writer made it meanwhile.
        }
    }

}

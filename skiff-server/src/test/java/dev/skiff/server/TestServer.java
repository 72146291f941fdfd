package dev.skiff.server;

import dev.skiff.server.events.EventsConfig;
import dev.skiff.testkit.server.ServerHarness;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real Skiff server in the testkit's {@link ServerHarness}: on a free port with its own data
 * directory. Register it as {@code @RegisterExtension static final TestServer server = new TestServer();}
 * to share one server across a class's tests, or {@link #start} one on a given data directory.
 */
final class TestServer extends ServerHarness<SkiffServer> {
    /** A server that starts before the class's tests, in a fresh temporary data directory. */
    TestServer() {
        this(ServerConfig.DEFAULT_START_TIMEOUT);
    }

    /** Such a server, giving each instance at most {@code startTimeout} to become ready. */
    TestServer(Duration startTimeout) {
        super(dir -> SkiffServer.start(ServerConfig.ephemeral(dir).withStartTimeout(startTimeout)), SkiffServer::port);
    }

    /** A server that starts before the class's tests, in a fresh temporary data directory, configured by {@code configure}. */
    TestServer(java.util.function.UnaryOperator<ServerConfig> configure) {
        super(dir -> SkiffServer.start(configure.apply(ServerConfig.ephemeral(dir))), SkiffServer::port);
    }

    private TestServer(ServerConfig config) {
        super(dir -> SkiffServer.start(config), SkiffServer::port);
    }

    /** Starts a server keeping its state in {@code dataDir}. */
    static TestServer start(Path dataDir) {
        return start(dataDir, EventsConfig.defaults());
    }

    /** Starts a server keeping its state in {@code dataDir}, with these events settings. */
    static TestServer start(Path dataDir, EventsConfig events) {
        return start(ServerConfig.ephemeral(dataDir).withEvents(events));
    }

    /** Starts a server with {@code config}, keeping its state in the config's data directory. */
    static TestServer start(ServerConfig config) {
        TestServer test = new TestServer(config);
        test.startOn(config.dataDir());
        return test;
    }

    /** Every byte of the server's database files in {@code dataDir} (the WAL included), as text to search. */
    static String databaseText(Path dataDir) throws java.io.IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dataDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("skiff.db")).toList()) {
                all.write(java.nio.file.Files.readAllBytes(file));
            }
        }
        return all.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Makes a token through the API with the admin token, and answers its secret. */
    String createToken(String name, String role) {
        java.net.http.HttpResponse<String> made = send("POST", "/api/v1/tokens",
                "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        org.assertj.core.api.Assertions.assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return read(made.body()).get("token").asText();
    }

    /** Stops the server and starts a new one on the same data directory with these events settings. */
    void restart(EventsConfig events) {
        restart(dir -> SkiffServer.start(ServerConfig.ephemeral(dir).withEvents(events)));
    }

    /**
     * Creates the empty file {@code name} in the code directory of {@code function}'s first revision,
     * where its instances see it: the tests' way to signal a running function. A pooled instance sees
     * its revision through hard links in its slot (in place of the functions directory), which a file
     * made later in the code directory does not reach, so the file is made in every slot holding that
     * directory too.
     */
    void signal(String function, String name) throws java.io.IOException {
        String code = "functions/" + function + "/" + function + "-00001/code";
        java.nio.file.Files.writeString(dataDir().resolve(code).resolve(name), "");
        Path slots = dataDir().resolve("slots");
        if (java.nio.file.Files.isDirectory(slots)) {
            try (java.util.stream.Stream<Path> each = java.nio.file.Files.list(slots)) {
                for (Path slot : each.toList()) {
                    Path copy = slot.resolve(code.substring("functions/".length()));
                    if (java.nio.file.Files.isDirectory(copy)) {
                        java.nio.file.Files.writeString(copy.resolve(name), "");
                    }
                }
            }
        }
    }
}

package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a sandboxed function cannot read of the host's files: the server's data directory, another
 * function's code, the host's private directories and files, another process's environment; what
 * its root holds; which descriptors it inherits. For a fresh instance and a pooled one alike
 * ({@code intruder-fresh}, {@code intruder-pooled}). Writes outside its volumes are {@code SandboxIT}'s.
 *
 * <p>Before the sandbox, functions ran as root in a bwrap showing the whole host read-only but
 * {@code /tmp}, {@code /dev} and {@code /proc}: each read below that expects ENOENT got the file.
 */
class SandboxFilesIT {
    /** What a sandbox's root may hold besides its mounts: the system's files and its own /dev, /proc, /tmp. */
    private static final Set<String> SYSTEM = Set.of("bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "dev",
            "proc", "tmp");
    private static final List<String> HOST_ONLY = List.of("root", "home", "var", "opt", "srv", "mnt", "run", "sys", "boot",
            "media");

    @RegisterExtension
    static final SandboxServer server = new SandboxServer();

    @BeforeAll
    static void deploy() {
        server.deploy(Hostile.function("victim"));
        for (InstanceKind kind : InstanceKind.values()) {
            server.deploy("intruder", Hostile.spec(), kind);
        }
    }

    private static JsonNode probe(InstanceKind kind, String probe, Object... args) {
        return Hostile.probe(server, "intruder" + kind.suffix(), probe, args);
    }

    private static String outcome(InstanceKind kind, String probe, Object... args) {
        return probe(kind, probe, args).get("outcome").asText();
    }

    private static List<String> entries(JsonNode listing) {
        assertThat(listing.get("outcome").asText()).as(listing.toString()).isEqualTo("ok");
        List<String> entries = new ArrayList<>();
        listing.get("entries").forEach(entry -> entries.add(entry.asText()));
        return entries;
    }

    /*
     * The rule that matters most. Before the sandbox a function ran as root and saw the host's tree
     * read-only, data directory included: this read answered the database's first bytes,
     * "SQLite format 3", and with them every function's spec, environment and secrets.
     */
    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void dataDirectory_database_isNotInTheView(InstanceKind kind) {
        Path database = server.dataDir().resolve("skiff.db");
        assertThat(database).isRegularFile();

        assertThat(outcome(kind, "read", "path", database.toString())).isEqualTo("ENOENT");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void dataDirectory_functions_holdsOnlyTheFunctionsOwnDirectory(InstanceKind kind) {
        List<String> data = entries(probe(kind, "list", "path", server.dataDir().toString()));
        List<String> functions = entries(probe(kind, "list", "path", server.dataDir().resolve("functions").toString()));

        assertThat(functions).containsExactly("intruder" + kind.suffix());
        assertThat(data).isSubsetOf("functions", "runtimes", "sockets")
                .doesNotContain("skiff.db", "skiff.lock", "logs", "volumes", "slots", "sandbox");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void otherFunctionsCode_atItsRealPath_isNotInTheView(InstanceKind kind) {
        Path code = server.dataDir().resolve("functions/victim/victim-00001/code/main.py");
        assertThat(code).isRegularFile();
        assertThat(Hostile.outcome(server, "victim", "read", "path", code.toString())).as("its own function reads it")
                .isEqualTo("ok");

        assertThat(outcome(kind, "read", "path", code.toString())).isEqualTo("ENOENT");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void hostsPrivateDirectories_areNotInTheView(InstanceKind kind) {
        Path data = server.dataDir();
        for (String dir : List.of("/root", "/home", "/var")) {
            assertThat(Path.of(dir)).isDirectory();

            if (data.startsWith(dir)) {
                // A clone under /tmp keeps its test data under /var/tmp: the sandbox then shows the way there, nothing else.
                assertThat(entries(probe(kind, "list", "path", dir))).as(dir)
                        .containsExactly(data.getName(Path.of(dir).getNameCount()).toString());
            } else {
                assertThat(outcome(kind, "list", "path", dir)).as(dir).isEqualTo("ENOENT");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void etcShadow_isNotInTheView_whileEtcPasswdIs(InstanceKind kind) {
        assertThat(Path.of("/etc/shadow")).isRegularFile();

        assertThat(outcome(kind, "read", "path", "/etc/shadow")).isEqualTo("ENOENT");
        assertThat(outcome(kind, "read", "path", "/etc/passwd")).as("programs look users up").isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void proc_showsOnlyTheSandboxsProcesses_andPid1sEnvironmentIsRefused(InstanceKind kind) {
        List<String> names = new ArrayList<>();
        probe(kind, "processes").get("processes").forEach(process -> names.add(process.get("comm").asText()));

        assertThat(names).as("bwrap as pid 1, the worker").isNotEmpty()
                .isSubsetOf("bwrap", "python3").doesNotContain("java", "systemd", "init");
        assertThat(outcome(kind, "read", "path", "/proc/1/environ")).isEqualTo("EACCES");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void root_holdsTheSystemsFiles_andOnlyTheWayToItsOwnFiles(InstanceKind kind) {
        Path data = server.dataDir();
        String top = data.getName(0).toString();
        Set<String> allowed = new HashSet<>(SYSTEM);
        allowed.add(top);
        allowed.add(Path.of(SandboxServer.FRESH_MOUNT).getName(0).toString());

        List<String> root = entries(probe(kind, "list", "path", "/"));

        assertThat(root).isSubsetOf(allowed).contains("usr", "etc", "dev", "proc", "tmp")
                .doesNotContain(HOST_ONLY.stream().filter(name -> !name.equals(top)).toArray(String[]::new));
        // Each directory on the way to the data directory holds the next one only, none of the host's other files.
        for (Path dir = data.getRoot().resolve(top); !dir.equals(data); dir = dir.resolve(data.getName(dir.getNameCount()))) {
            assertThat(entries(probe(kind, "list", "path", dir.toString()))).as(dir.toString())
                    .containsExactly(data.getName(dir.getNameCount()).toString());
        }
    }

    /*
     * The sandbox's launcher opens the seccomp filter and FIFOs (skiff-net.*) for bwrap, as root: a
     * descriptor of them, or of a host directory, left open in the worker would let it reach the
     * host's files past its view.
     */
    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void fileDescriptors_areTheWorkersOwnPipesAndSockets(InstanceKind kind) {
        Map<String, String> fds = new TreeMap<>();
        probe(kind, "fds").get("fds").properties().forEach(entry -> fds.put(entry.getKey(), entry.getValue().asText()));

        assertThat(fds).containsKeys("0", "1", "2");
        assertThat(fds.values()).as(fds.toString())
                .allSatisfy(target -> assertThat(target).matches("pipe:\\[\\d+]|socket:\\[\\d+]|anon_inode:.*|/dev/\\w+"))
                .noneSatisfy(target -> assertThat(target).containsAnyOf("seccomp", "skiff-net", "/root", "functions",
                        "slots", server.dataDir().toString()));
    }
}

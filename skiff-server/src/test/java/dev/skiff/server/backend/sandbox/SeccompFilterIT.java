package dev.skiff.server.backend.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter made by the real {@code /usr/bin/python3} and loaded by the real bwrap, probed by
 * {@code seccomp_probe.py} with and without it (the tests run as root, so without it most calls work).
 */
class SeccompFilterIT {
    /** Probes that must fail with EPERM: each call of the policy, named as the probe prints it. */
    private static final List<String> DENIED = List.of("mount", "umount2", "pivot_root", "chroot", "mount_setattr",
            "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "unshare", "setns", "ptrace",
            "process_vm_readv", "process_vm_writev", "pidfd_getfd", "bpf", "keyctl", "add_key", "request_key",
            "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "perf_event_open",
            "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register", "open_by_handle_at",
            "name_to_handle_at", "swapon", "swapoff", "reboot", "syslog", "acct", "quotactl", "settimeofday",
            "clock_settime", "clock_adjtime", "adjtimex", "vhangup", "fanotify_init", "lookup_dcookie", "nfsservctl",
            "personality_addr_no_randomize", "personality_read_implies_exec", "personality_wide", "clone_newns",
            "clone_newcgroup", "clone_newuts", "clone_newipc", "clone_newuser", "clone_newpid", "clone_newnet");
    /** Denied calls x86_64 has and aarch64 has not. */
    private static final List<String> DENIED_X86_64 = List.of("iopl", "ioperm", "uselib");
    private static final List<String> DENIED_DOMAINS = List.of("af_key", "af_packet", "af_bluetooth", "af_alg", "af_vsock");
    /** Probes that must work: what ordinary programs do. */
    private static final List<String> ALLOWED = List.of("thread", "fork", "socket_tcp", "socket_udp6", "socket_unix",
            "socket_netlink", "getaddrinfo", "read_file", "run_true", "personality_query", "personality_linux",
            "personality_linux32_uname26", "getpid");
    private static final boolean X86_64 = "amd64".equals(System.getProperty("os.arch"));
    private static final List<String> BWRAP = List.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--unshare-pid", "--die-with-parent");
    /**
     * Opens the filter (argument 1) on descriptor 9 for the rest of the arguments, as ProcessBuilder cannot;
     * 9, not 10: dash, Debian's sh, reads one digit in a redirection and takes {@code 10<f} for {@code 10 <f}.
     */
    private static final String ON_FD_9 = "f=$1; shift; exec \"$@\" 9<\"$f\"";
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    static Path shared;
    private static Path filter;
    private static Path probe;

    @TempDir
    Path temp;

    private record Run(int exitStatus, String output) {
        /** The probe's name=outcome lines. */
        Map<String, String> outcomes() {
            Map<String, String> outcomes = new LinkedHashMap<>();
            output.lines().filter(line -> line.contains("="))
                    .forEach(line -> outcomes.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
            return outcomes;
        }
    }

    @BeforeAll
    static void buildFilterAndProbe() throws IOException {
        SeccompFilter.Result result = SeccompFilter.build(shared.resolve("filters"));
        assertThat(result.problem()).isEmpty();
        filter = result.file().orElseThrow();
        try (InputStream in = SeccompFilterIT.class.getResourceAsStream("seccomp_probe.py")) {
            probe = Files.write(shared.resolve("seccomp_probe.py"), in.readAllBytes());
        }
    }

    @Test
    void build_twice_writesOneFileOnce() throws IOException {
        Path dir = temp.resolve("a/b");
        Path file = SeccompFilter.build(dir).file().orElseThrow();
        FileTime written = Files.getLastModifiedTime(file);

        assertThat(SeccompFilter.build(dir).file()).hasValue(file);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
        assertThat(file.getFileName().toString()).isEqualTo(SeccompScript.load().fileName());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(Files.size(file) % SeccompScript.INSTRUCTION_BYTES).isZero();
        assertThat(list(dir)).containsExactly(file);
    }

    @Test
    void build_pythonWithoutTheModule_namesTheDebianPackage() throws IOException {
        Path python = executable("python3", "exec /usr/bin/python3 -S \"$@\"");

        SeccompFilter.Result result = SeccompFilter.build(temp.resolve("filters"), python, SeccompFilter.TIMEOUT);

        assertThat(result.problem()).hasValue(python + " has no 'seccomp' module: install the Debian package python3-seccomp");
        assertThat(list(temp.resolve("filters"))).isEmpty();
    }

    @Test
    void build_scriptTooSlow_givesUpAtTheLimit() throws IOException {
        Path python = executable("python3", "exec sleep 60");
        long start = System.nanoTime();

        SeccompFilter.Result result = SeccompFilter.build(temp.resolve("filters"), python, Duration.ofSeconds(1));

        assertThat(result.problem()).hasValue("the seccomp filter script did not finish in 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(list(temp.resolve("filters"))).isEmpty();
    }

    @Test
    void probe_underFilter_deniedCallsFail() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        DENIED.forEach(name -> expected.put(name, "EPERM"));
        DENIED_DOMAINS.forEach(domain -> {
            expected.put("socket_" + domain, "EPERM");
            expected.put("socketpair_" + domain, "EPERM");
        });
        expected.put("clone3", "ENOSYS");
        if (X86_64) {
            DENIED_X86_64.forEach(name -> expected.put(name, "EPERM"));
            expected.put("x32_getpid", "killed:SIGSYS");
        }

        Run run = sandboxed(Optional.of(filter), "/usr/bin/python3", probe.toString());

        assertThat(run.exitStatus()).as(run.output()).isZero();
        assertThat(run.outcomes()).containsAllEntriesOf(expected);
        if (X86_64) {
            assertThat(run.outcomes().get("i386_getpid")).as("a 32-bit int 0x80 call (SIGSEGV: the kernel has no 32-bit entry)")
                    .isIn("killed:SIGSYS", "killed:SIGSEGV");
        }
    }

    @Test
    void probe_underFilter_ordinaryThingsWork() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        ALLOWED.forEach(name -> expected.put(name, "ok"));

        Run run = sandboxed(Optional.of(filter), "/usr/bin/python3", probe.toString());

        assertThat(run.exitStatus()).as(run.output()).isZero();
        assertThat(run.outcomes()).containsAllEntriesOf(expected);
    }

    @Test
    void probe_withoutFilter_deniedCallsWork() throws Exception {
        Run run = sandboxed(Optional.empty(), "/usr/bin/python3", probe.toString());

        assertThat(run.exitStatus()).as(run.output()).isZero();
        assertThat(run.outcomes()).containsAllEntriesOf(Map.of("unshare", "ok", "clone_newuser", "ok",
                "socket_af_packet", "ok", "keyctl", "ok", "ptrace", "ok", "personality_addr_no_randomize", "ok"));
        assertThat(run.outcomes().get("clone3")).isNotEqualTo("ENOSYS");
        if (X86_64) {
            assertThat(run.outcomes().get("x32_getpid")).isNotEqualTo("killed:SIGSYS");
        }
    }

    @Test
    void runtimes_underFilter_start() throws Exception {
        Run python = sandboxed(Optional.of(filter), "/usr/bin/python3", "-c", "pass");
        Run java = sandboxed(Optional.of(filter), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version");

        Run node = sandboxed(Optional.of(filter), nodeOnPath(), "-e",
                "require('fs').readFile('/etc/os-release', e => process.exit(e ? 1 : 0))");

        assertThat(python.exitStatus()).as(python.output()).isZero();
        assertThat(java.exitStatus()).as(java.output()).isZero();
        assertThat(node.exitStatus()).as(node.output()).isZero();
    }

    /** The node the nodejs runtime would run (README: Node.js is part of the set-up). */
    private static String nodeOnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path node = Path.of(dir.isEmpty() ? "." : dir, "node");
            if (Files.isExecutable(node)) {
                return node.toAbsolutePath().toString();
            }
        }
        throw new AssertionError("node is not on PATH: install Node.js (.ci/run does)");
    }

    /** Runs {@code command} in a bwrap sandbox, with the filter if given, and waits for it. */
    private static Run sandboxed(Optional<Path> seccomp, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        seccomp.ifPresent(file -> argv.addAll(List.of("/bin/sh", "-c", ON_FD_9, "sh", file.toString())));
        argv.addAll(BWRAP.subList(0, 1));
        seccomp.ifPresent(file -> argv.addAll(List.of("--seccomp", "9")));
        argv.addAll(BWRAP.subList(1, BWRAP.size()));
        argv.addAll(List.of(command));
        Path output = Files.createTempFile(shared, "run-", ".out");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(argv + " did not finish in " + LIMIT + ": " + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private Path executable(String name, String body) throws IOException {
        Path file = Files.writeString(temp.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}

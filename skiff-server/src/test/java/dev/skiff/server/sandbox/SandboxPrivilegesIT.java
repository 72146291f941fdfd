package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a sandboxed function is: an unprivileged user (65532) with no capability, no way to gain one
 * (no_new_privs), under a seccomp filter, on a host name of its own; and what it therefore cannot do:
 * mount, make a user namespace, trace, open raw packet sockets. The filter's every rule is
 * {@code SeccompFilterIT}'s; here it is probed through the real server. For a fresh instance and
 * a pooled one alike ({@code privileges-fresh}, {@code privileges-pooled}).
 */
class SandboxPrivilegesIT {
    private static final String FUNCTION = "privileges";
    private static final String NOTHING = "0000000000000000";

    @RegisterExtension
    static final SandboxServer server = new SandboxServer();

    @BeforeAll
    static void deploy() {
        for (InstanceKind kind : InstanceKind.values()) {
            server.deploy(FUNCTION, Hostile.spec(), kind);
        }
    }

    private static JsonNode probe(InstanceKind kind, String probe, Object... args) {
        return Hostile.probe(server, FUNCTION + kind.suffix(), probe, args);
    }

    private static JsonNode status(InstanceKind kind) {
        return probe(kind, "status").get("fields");
    }

    private static String outcome(InstanceKind kind, String probe, Object... args) {
        return probe(kind, probe, args).get("outcome").asText();
    }

    /*
     * The rule that matters most. Before the sandbox a function ran as the server's user, root:
     * "Uid: 0 0 0 0", able to read and write whatever the server can wherever the view let it.
     */
    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void uid_isTheSandboxUser_onAllFourFields(InstanceKind kind) {
        JsonNode status = status(kind);

        assertThat(status.get("Uid").asText().split("\\s+")).containsExactly("65532", "65532", "65532", "65532");
        assertThat(status.get("Gid").asText().split("\\s+")).containsExactly("65532", "65532", "65532", "65532");
        assertThat(status.get("Groups").asText()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void capabilities_areAllGone_boundingSetIncluded(InstanceKind kind) {
        JsonNode status = status(kind);

        assertThat(status.get("CapEff").asText()).isEqualTo(NOTHING);
        assertThat(status.get("CapPrm").asText()).isEqualTo(NOTHING);
        assertThat(status.get("CapBnd").asText()).isEqualTo(NOTHING);
        assertThat(status.get("CapInh").asText()).isEqualTo(NOTHING);
        assertThat(status.get("CapAmb").asText()).isEqualTo(NOTHING);
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void noNewPrivs_isSet_andTheSeccompFilterIsOn(InstanceKind kind) {
        JsonNode status = status(kind);

        assertThat(status.get("NoNewPrivs").asText()).isEqualTo("1");
        assertThat(status.get("Seccomp").asText()).as("2: a filter").isEqualTo("2");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void mount_remountingUsrReadWrite_fails_andUsrStaysReadOnly(InstanceKind kind) {
        JsonNode mount = probe(kind, "run", "command", "mount -o remount,rw /usr");

        assertThat(mount.get("status").asInt()).as(mount.toString()).isEqualTo(32);
        assertThat(outcome(kind, "write", "path", "/usr/skiff-remounted")).isEqualTo("EROFS");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void unshare_aNewUserNamespace_isEPERM(InstanceKind kind) {
        assertThat(outcome(kind, "unshare_user")).isEqualTo("EPERM");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void ptrace_isEPERM(InstanceKind kind) {
        assertThat(outcome(kind, "ptrace_traceme")).isEqualTo("EPERM");
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void packetSocket_isEPERM(InstanceKind kind) {
        assertThat(outcome(kind, "socket", "domain", 17, "type", 3)).as("AF_PACKET, SOCK_RAW").isEqualTo("EPERM");
    }

    /* Before the sandbox there was no UTS namespace: a function saw, and could report, the host's name. */
    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void hostname_isTheInstances_notTheHosts(InstanceKind kind) throws UnknownHostException {
        String function = FUNCTION + kind.suffix();
        String hostname = probe(kind, "hostname").get("hostname").asText();
        List<String> instances = new ArrayList<>();
        server.instances(function).forEach(instance -> instances.add(instance.get("revision").asText() + "-"
                + instance.get("id").asText()));

        assertThat(hostname).isNotEqualTo(InetAddress.getLocalHost().getHostName());
        // A pooled worker's namespace was named for the pool when it was made; it is renamed as it is handed over.
        assertThat(hostname).startsWith(function + "-00001-").isIn(instances);
    }

    /*
     * A name of 57 characters makes an instance name of 70, past the kernel's 64: its sandbox could
     * not be made at all. The host name is cut at 63, as Kubernetes cuts a pod's.
     */
    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void aLongNamedFunction_runs_underItsNameCutAt63(InstanceKind kind) {
        String function = "n".repeat(57 - kind.suffix().length()) + kind.suffix();
        if (kind == InstanceKind.POOLED) {
            server.deploy(function.substring(0, function.length() - kind.suffix().length()), Hostile.spec(), kind);
        } else {
            // Its own memory limit keeps it from the pool (a volume's name would be too long here).
            server.deploy(dev.skiff.api.Function.of(function, Hostile.spec()
                    .resources(new dev.skiff.api.ResourceRequirements(null, java.util.Map.of("memory", "300Mi"))).build()));
        }
        JsonNode instance = server.instances(function).get(0);
        assertThat(instance.get("pooled").asBoolean()).isEqualTo(kind == InstanceKind.POOLED);
        String full = instance.get("revision").asText() + "-" + instance.get("id").asText();

        String hostname = Hostile.probe(server, function, "hostname").get("hostname").asText();

        assertThat(full).hasSizeGreaterThan(63);
        assertThat(hostname).isEqualTo(full.substring(0, 63).replaceAll("-+$", ""));
    }
}

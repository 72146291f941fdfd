package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.testkit.server.ServerHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each instance runs in a cgroup of its own under the server's, holding the limits its spec asks for
 * (else the server's defaults), from its first instruction; the revisions' view, which
 * {@code skiff describe} shows, says the limits and what enforces them.
 */
class InstanceCgroupIT {
    private static final String GROUP = "/skiff-[0-9a-f]{12}/w[0-9]+";

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void deploy() {
        server.deploy(LimitedFunctions.python("limited", LimitedFunctions.CGROUP_OF_ITSELF, Map.of("memory", "200Mi", "cpu", "300m")));
        server.deploy(LimitedFunctions.python("defaulted", LimitedFunctions.CGROUP_OF_ITSELF, Map.of()));
    }

    private static String cgroupOf(String function) {
        return server.send("POST", "/function/" + function, "{}").body();
    }

    @Test
    void function_runsInAGroupOfItsOwn_holdingTheLimitsItsSpecAsks() throws Exception {
        String cgroup = cgroupOf("limited");

        assertThat(cgroup.lines().filter(line -> line.matches("\\d+:[a-z,]*(memory|pids|cpu)[a-z,]*:.*" + GROUP)))
                .as(cgroup).hasSize(3);
        assertThat(LimitedFunctions.groupValues(cgroup, List.of("memory/memory.limit_in_bytes", "cpu/cpu.cfs_quota_us",
                "cpu/cpu.cfs_period_us", "pids/pids.max"))).containsExactly("209715200", "30000", "100000", "1024");
    }

    @Test
    void functionNamingNoLimits_getsTheServersDefaults() throws Exception {
        assertThat(LimitedFunctions.groupValues(cgroupOf("defaulted"), List.of("memory/memory.limit_in_bytes",
                "cpu/cpu.cfs_quota_us", "pids/pids.max"))).containsExactly(Long.toString(512L << 20), "-1", "1024");
    }

    @Test
    void revisionsView_saysTheLimitsAndWhatEnforcesThem() {
        JsonNode limits = ServerHarness.read(server.send("GET", "/api/v1/functions/limited/revisions", null).body())
                .at("/items/0/limits");

        assertThat(limits.get("memory").asText()).isEqualTo("200Mi");
        assertThat(limits.get("cpu").asText()).isEqualTo("300m");
        assertThat(limits.get("pids").asInt()).isEqualTo(1024);
        assertThat(limits.get("enforcement").asText()).isEqualTo("cgroup v1 (memory, cpu, pids)")
                .isEqualTo(server.server().limitEnforcement());
    }
}

package dev.skiff.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.server.backend.cgroups.LimitSettings;
import dev.skiff.testkit.server.TestFunctions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sandbox's private {@code /tmp} is a tmpfs of half its memory limit (its files are memory, counted
 * against the limit): writing past it answers ENOSPC, not a kill for memory, and the server and its
 * other functions go on. (The socket directory, the other place it writes in, is still on the data
 * directory's disk: README, Security, "Not yet done".) For a fresh instance and a pooled one alike; each test has functions of its
 * own ({@code size-fresh}, {@code fill-pooled}...), so that a kill in one leaves the other alone.
 */
class SandboxTmpIT {
    private static final String LIMIT = "256Mi";
    private static final long HALF_THE_LIMIT = 128L << 20;
    private static final int PAST_THE_LIMIT_MIB = 256;

    /**
     * The server's default memory limit is the functions' own: a pooled sandbox's /tmp is made before
     * its function is known, sized for the default, so only functions with the default limit are
     * handed to the pool (others start afresh).
     */
    @RegisterExtension
    static final SandboxServer server = new SandboxServer(config -> config.withLimits(
            new LimitSettings(256L << 20, LimitSettings.MAX_MEMORY, 0, 0, LimitSettings.PIDS)));

    @BeforeAll
    static void deploy() {
        for (String name : List.of("size", "fill")) {
            for (InstanceKind kind : InstanceKind.values()) {
                server.deploy(name, Hostile.spec().resources(new ResourceRequirements(null, Map.of("memory", LIMIT))), kind);
            }
        }
        server.deploy(TestFunctions.python("neighbour", "def handle(req):\n    return 'still here'\n"));
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void tmp_isATmpfsOfHalfTheMemoryLimit(InstanceKind kind) {
        JsonNode tmp = Hostile.probe(server, "size" + kind.suffix(), "tmpfs", "path", "/tmp");

        assertThat(tmp.get("types").toString()).isEqualTo("[\"tmpfs\"]");
        assertThat(tmp.get("bytes").asLong()).as("/tmp's size in bytes under a " + LIMIT + " limit").isPositive()
                .isLessThanOrEqualTo(HALF_THE_LIMIT);
    }

    @ParameterizedTest
    @EnumSource(InstanceKind.class)
    void tmp_writtenPastItsSize_isENOSPC_andTheServerKeepsAnswering(InstanceKind kind) {
        JsonNode fill = Hostile.probe(server, "fill" + kind.suffix(), "fill", "path", "/tmp/fill",
                "mebibytes", PAST_THE_LIMIT_MIB);

        assertThat(fill.get("outcome").asText()).as(fill.toString()).isEqualTo("ENOSPC");
        assertThat(fill.get("mebibytes").asLong() << 20).isLessThanOrEqualTo(HALF_THE_LIMIT);
        assertThat(server.send("POST", "/function/neighbour", "{}").body()).isEqualTo("still here");
    }
}

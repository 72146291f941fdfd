package dev.skiff.kubernetes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ClusterTokens}: a token's role from the hashes the Secret holds, never from anything else. */
class ClusterTokensTest {
    private static final Map<String, String> ENTRIES = Map.of(
            "ci", "developer:" + ClusterTokens.sha256("dev-token"),
            "reader", "INVOKER:" + ClusterTokens.sha256("read-token").toUpperCase(),
            "broken", "no colon here",
            "unknown-role", "root:" + ClusterTokens.sha256("root-token"));

    @Test
    void aTokenWhoseHashIsThere_hasItsRole() {
        assertThat(ClusterTokens.roleOf(ENTRIES, "dev-token")).contains(ClusterTokens.Role.DEVELOPER);
        assertThat(ClusterTokens.roleOf(ENTRIES, "read-token")).contains(ClusterTokens.Role.INVOKER);
    }

    @Test
    void anyOtherToken_hasNone() {
        assertThat(ClusterTokens.roleOf(ENTRIES, "guess")).isEmpty();
        assertThat(ClusterTokens.roleOf(ENTRIES, "")).isEmpty();
        assertThat(ClusterTokens.roleOf(ENTRIES, null)).isEmpty();
        assertThat(ClusterTokens.roleOf(ENTRIES, ClusterTokens.sha256("dev-token"))).as("the hash is not the token").isEmpty();
        assertThat(ClusterTokens.roleOf(ENTRIES, "root-token")).as("an unknown role grants nothing").isEmpty();
    }

    @Test
    void rolesAreOrdered_eachIncludingTheOnesBefore() {
        assertThat(ClusterTokens.Role.ADMIN.compareTo(ClusterTokens.Role.DEVELOPER)).isPositive();
        assertThat(ClusterTokens.Role.DEVELOPER.compareTo(ClusterTokens.Role.INVOKER)).isPositive();
    }
}

package dev.skiff.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import dev.skiff.testkit.FakeClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** The store as a map, as the database keeps it. */
    static final class MemoryStore implements TokenStore {
        final Map<String, TokenRecord> rows = new LinkedHashMap<>();

        @Override
        public List<TokenRecord> tokens() {
            return new ArrayList<>(rows.values());
        }

        @Override
        public boolean insertToken(TokenRecord token) {
            return rows.putIfAbsent(token.name(), token) == null;
        }

        @Override
        public void putToken(TokenRecord token) {
            rows.put(token.name(), token);
        }

        @Override
        public boolean deleteToken(String name) {
            return rows.remove(name) != null;
        }

        @Override
        public void touchTokens(Map<String, Instant> lastUsed) {
            lastUsed.forEach((name, when) -> rows.computeIfPresent(name, (n, t) -> t.usedAt(when)));
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final FakeClock clock = new FakeClock(T0);
    private final Tokens tokens = new Tokens(store, clock, new SecureRandom());

    @Test
    void aNewToken_isStoredAsItsHashOnly_andItsSecretIsAccepted() {
        Tokens.Created made = tokens.create("ci", Role.DEVELOPER, List.of("default"));

        assertThat(made.secret()).startsWith(TokenSecrets.PREFIX);
        assertThat(store.rows.get("ci").hash()).isEqualTo(TokenSecrets.hash(made.secret())).isNotEqualTo(made.secret());
        assertThat(tokens.check("Bearer " + made.secret())).isEqualTo(new Tokens.Accepted(store.rows.get("ci")));
        assertThat(tokens.check("bearer  " + made.secret() + " ")).isInstanceOf(Tokens.Accepted.class);
    }

    @Test
    void aMissingMalformedOrUnknownToken_isRefusedSayingWhich() {
        tokens.create("ci", Role.DEVELOPER, List.of("default"));

        assertThat(((Tokens.Refused) tokens.check(null)).message()).contains("needs a token");
        assertThat(((Tokens.Refused) tokens.check("Basic dXNlcg==")).message()).contains("not 'Bearer <token>'");
        assertThat(((Tokens.Refused) tokens.check("Bearer skiff_guess")).message()).contains("not valid");
    }

    @Test
    void aRevokedToken_isRefusedAtOnce_andGoneFromTheStore() {
        Tokens.Created made = tokens.create("ci", Role.INVOKER, List.of("default"));

        tokens.revoke("ci");

        assertThat(tokens.check("Bearer " + made.secret())).isInstanceOf(Tokens.Refused.class);
        assertThat(store.rows).doesNotContainKey("ci");
        assertThatThrownBy(() -> tokens.revoke("ci")).isInstanceOfSatisfying(SkiffException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aSecondTokenOfOneName_orABadName_isRefused_andTheFirstStays() {
        Tokens.Created first = tokens.create("ci", Role.INVOKER, List.of("default"));

        assertThatThrownBy(() -> tokens.create("ci", Role.ADMIN, List.of())).isInstanceOfSatisfying(SkiffException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> tokens.create("../x", Role.ADMIN, List.of())).isInstanceOfSatisfying(SkiffException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(((Tokens.Accepted) tokens.check("Bearer " + first.secret())).token().role()).isEqualTo(Role.INVOKER);
    }

    @Test
    void lastUse_isKeptInMemory_andWrittenByFlush() {
        Tokens.Created made = tokens.create("ci", Role.INVOKER, List.of("default"));
        clock.advance(Duration.ofMinutes(5));

        tokens.check("Bearer " + made.secret());

        assertThat(tokens.list().get(0).lastUsed()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(store.rows.get("ci").lastUsed()).isNull();
        tokens.flush();
        assertThat(store.rows.get("ci").lastUsed()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(new Tokens(store, clock, new SecureRandom()).list().get(0).lastUsed()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void theAdminToken_isKeptWhileValid_andRenewedWhenMissingOrRevoked() {
        Tokens.Created first = tokens.ensureAdmin(Optional.empty());
        assertThat(first.token().name()).isEqualTo(Tokens.ADMIN);
        assertThat(first.token().role()).isEqualTo(Role.ADMIN);

        assertThat(tokens.ensureAdmin(Optional.of(first.secret())).secret()).isEqualTo(first.secret());

        tokens.revoke(Tokens.ADMIN);
        Tokens.Created renewed = tokens.ensureAdmin(Optional.of(first.secret()));
        assertThat(renewed.secret()).isNotEqualTo(first.secret());
        assertThat(tokens.check("Bearer " + first.secret())).isInstanceOf(Tokens.Refused.class);
        assertThat(store.rows).hasSize(1);
    }

    @Test
    void aFileNamingANonAdminToken_doesNotMakeItTheAdmin() {
        Tokens.Created developer = tokens.create("dev", Role.DEVELOPER, List.of("default"));

        Tokens.Created admin = tokens.ensureAdmin(Optional.of(developer.secret()));

        assertThat(admin.secret()).isNotEqualTo(developer.secret());
        assertThat(((Tokens.Accepted) tokens.check("Bearer " + developer.secret())).token().role()).isEqualTo(Role.DEVELOPER);
    }

    @Test
    void aTokenReachesItsNamespaces_anAdminTokenEvery_andTheirScopesAreChecked() {
        Tokens.Created teamA = tokens.create("a", Role.DEVELOPER, List.of("team-a", "team-a"));
        Tokens.Created admin = tokens.create("root", Role.ADMIN, List.of());

        assertThat(teamA.token().namespaces()).containsExactly("team-a");
        assertThat(teamA.token().reaches("team-a")).isTrue();
        assertThat(teamA.token().reaches("default")).isFalse();
        assertThat(admin.token().reaches("anything")).isTrue();
        assertThat(tokens.allowsInvoke("Bearer " + teamA.secret(), "team-a")).isTrue();
        assertThat(tokens.allowsInvoke("Bearer " + teamA.secret(), "default")).isFalse();
        assertThat(tokens.invokeRefusal("hello.team-b", "Bearer " + teamA.secret()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(tokens.invokeRefusal("hello.team-a", "Bearer " + teamA.secret())).isNull();
        assertThatThrownBy(() -> tokens.create("x", Role.ADMIN, List.of("team-a"))).hasMessageContaining("every namespace");
        assertThatThrownBy(() -> tokens.create("y", Role.INVOKER, List.of())).hasMessageContaining("namespaces");
    }

    @Test
    void rolesCoverTheOnesBelowThem() {
        assertThat(Role.ADMIN.covers(Role.DEVELOPER)).isTrue();
        assertThat(Role.DEVELOPER.covers(Role.INVOKER)).isTrue();
        assertThat(Role.INVOKER.covers(Role.DEVELOPER)).isFalse();
        assertThat(Role.DEVELOPER.covers(Role.ADMIN)).isFalse();
        assertThat(Role.parse("Developer")).contains(Role.DEVELOPER);
        assertThat(Role.parse("root")).isEmpty();
    }

    @Test
    void aSkiffTokenInAHeader_isRecognised_whateverItsValidity() {
        assertThat(TokenSecrets.carriesSkiffToken("Bearer skiff_anything")).isTrue();
        assertThat(TokenSecrets.carriesSkiffToken("BEARER skiff_x")).isTrue();
        assertThat(TokenSecrets.carriesSkiffToken("Bearer app-token")).isFalse();
        assertThat(TokenSecrets.carriesSkiffToken("Basic c2tpZmZf")).isFalse();
        assertThat(TokenSecrets.carriesSkiffToken(null)).isFalse();
        assertThat(TokenSecrets.bearer("Bearer ")).isNull();
    }
}

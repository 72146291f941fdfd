package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BrowserGuardTest {
    private static final BrowserGuard GUARD = new BrowserGuard(List.of("skiff.example.org"));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8080", "localhost:8080", "LOCALHOST", "localhost.:8080", "[::1]:8080", "127.0.0.1",
            "192.0.2.2:8080", "10.1.2.3", "[fe80::1]:8080", "skiff.example.org:8080", "Skiff.Example.Org"})
    void loopbackNamesAddressesAndAllowedNames_withoutAnOrigin_pass(String host) {
        assertThat(GUARD.refusal(host, null, null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example:8080", "localhost.attacker.example", "127.0.0.1.nip.io:8080", "skiff:8080",
            "example.org"})
    void otherNames_areRefused_asDnsRebinding(String host) {
        assertThat(GUARD.refusal(host, null, null)).hasValueSatisfying(why -> assertThat(why)
                .contains("does not answer to the host name").contains("--allowed-host"));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:8080, http://127.0.0.1:8080", "localhost:8080, https://localhost:8080",
            "skiff.example.org, https://skiff.example.org", "[::1]:8080, http://[::1]:8080"})
    void theRequestsOwnOrigin_passes(String host, String origin) {
        assertThat(GUARD.refusal(host, origin, "same-origin")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:8080, http://evil.example", "127.0.0.1:8080, null", "127.0.0.1:8080, http://localhost:8080",
            "127.0.0.1:8080, http://127.0.0.1:3000", "127.0.0.1:8080, file://", "localhost:8080, ftp://localhost:8080"})
    void anyOtherOrigin_isRefused(String host, String origin) {
        assertThat(GUARD.refusal(host, origin, null)).hasValueSatisfying(why -> assertThat(why).contains("web page at"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", " Cross-Site "})
    void aBrowsersCrossSiteFetch_isRefused_evenWithoutAnOrigin(String site) {
        assertThat(GUARD.refusal("127.0.0.1:8080", null, site)).isPresent();
        assertThat(GUARD.refusal("127.0.0.1:8080", null, "none")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void noHost_isRefused(String host) {
        assertThat(GUARD.refusal(host, null, null)).hasValue("the request names no Host");
        assertThat(GUARD.refusal(null, null, null)).hasValue("the request names no Host");
    }
}

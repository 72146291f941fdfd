package dev.skiff.server.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which callback URLs are taken: the scheme, the syntax, every resolved address, and the allow list. */
class CallbackTargetsTest {
    private static final Map<String, List<String>> DNS = Map.of(
            "public.test", List.of("203.0.113.7", "2001:db8::7"),
            "inside.test", List.of("10.0.0.5"),
            "mixed.test", List.of("203.0.113.7", "192.168.1.10"),
            "v6-inside.test", List.of("203.0.113.7", "fd12::1"));

    /** A resolver answering from {@link #DNS}, and IP literals as the JDK reads them. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            if (host.contains(".test")) {
                throw new UnknownHostException(host);
            }
            return InetAddress.getAllByName(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByAddress(host, InetAddress.getByName(addresses.get(i)).getAddress());
        }
        return resolved;
    }

    private static CallbackTargets allowing(String... hosts) {
        return new CallbackTargets(List.of(hosts), CallbackTargetsTest::resolve);
    }

    private static List<String> addresses(CallbackTargets targets, String url) throws Exception {
        return targets.addresses(targets.parse(url)).stream().map(InetAddress::getHostAddress).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://public.test/done", "https://public.test:8443/a?b=c", "HTTP://public.test", " http://public.test/ "})
    void parse_httpOrHttpsUrlWithAHost_isTaken(String url) throws CallbackRefused {
        assertThat(allowing().parse(url).getHost()).isEqualTo("public.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://public.test/", "file:///etc/passwd", "public.test/done", "javascript:alert(1)", "//public.test/"})
    void parse_notHttp_isRefused(String url) {
        assertThatThrownBy(() -> allowing().parse(url)).isInstanceOf(CallbackRefused.class)
                .hasMessage("'" + url + "' is not an http or https URL");
    }

    @Test
    void parse_notAUrl_isRefusedSayingWhy() {
        assertThatThrownBy(() -> allowing().parse("http://exa mple.com/")).isInstanceOf(CallbackRefused.class)
                .hasMessage("'http://exa mple.com/' is not a URL (Illegal character in authority)");
        assertThatThrownBy(() -> allowing().parse("http:///done")).isInstanceOf(CallbackRefused.class)
                .hasMessage("'http:///done' is not a URL with a host name or address");
    }

    @Test
    void addresses_publicName_everyAddress() throws Exception {
        assertThat(addresses(allowing(), "http://public.test/done")).containsExactly("203.0.113.7", "2001:db8:0:0:0:0:0:7");
    }

    @Test
    void addresses_forbiddenLiteral_refusedNamingTheRangeAndTheFlag() {
        assertThatThrownBy(() -> addresses(allowing(), "http://127.0.0.1:8080/api/v1/functions"))
                .isInstanceOf(CallbackRefused.class)
                .hasMessage("callbacks may not go to 127.0.0.1, a loopback address; the server's operator can allow the"
                        + " host with skiff server --allow-callback-host 127.0.0.1");
    }

    @Test
    void addresses_nameOfAPrivateAddress_refusedNamingTheAddress() {
        assertThatThrownBy(() -> addresses(allowing(), "http://inside.test/"))
                .isInstanceOf(CallbackRefused.class)
                .hasMessageStartingWith("callbacks may not go to inside.test, which resolves to 10.0.0.5, a private (RFC 1918)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://mixed.test/", "https://v6-inside.test/"})
    void addresses_nameWithOneForbiddenAddressAmongPublicOnes_refused(String url) {
        assertThatThrownBy(() -> addresses(allowing(), url)).isInstanceOf(CallbackRefused.class)
                .hasMessageContaining("which resolves to");
    }

    @Test
    void addresses_ipv6Literals_checkedWithoutTheirBrackets() {
        assertThatThrownBy(() -> addresses(allowing(), "http://[::1]:9000/")).isInstanceOf(CallbackRefused.class)
                .hasMessageStartingWith("callbacks may not go to ::1, which resolves to 0:0:0:0:0:0:0:1, a loopback address");
        assertThatThrownBy(() -> addresses(allowing(), "http://[::ffff:169.254.169.254]/")).isInstanceOf(CallbackRefused.class)
                .hasMessageContaining("169.254.169.254, a link-local address");
    }

    @Test
    void addresses_allowedHost_takenWhateverItsAddresses_matchedExactlyIgnoringCase() throws Exception {
        CallbackTargets targets = allowing("INSIDE.test", "127.0.0.1", "[::1]");

        assertThat(addresses(targets, "http://inside.TEST/")).containsExactly("10.0.0.5");
        assertThat(addresses(targets, "http://127.0.0.1:8080/")).containsExactly("127.0.0.1");
        assertThat(addresses(targets, "http://[::1]/")).containsExactly("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> addresses(targets, "http://mixed.test/")).isInstanceOf(CallbackRefused.class);
        assertThatThrownBy(() -> addresses(targets, "http://127.0.0.2/")).as("another loopback address")
                .isInstanceOf(CallbackRefused.class);
        assertThatThrownBy(() -> addresses(targets, "http://localhost/")).as("a name of an allowed address")
                .isInstanceOf(CallbackRefused.class).hasMessageContaining("--allow-callback-host localhost");
    }

    @Test
    void addresses_unknownName_isUnknownHost() {
        assertThatThrownBy(() -> allowing().addresses(URI.create("http://nowhere.test/"))).isInstanceOf(UnknownHostException.class);
    }
}

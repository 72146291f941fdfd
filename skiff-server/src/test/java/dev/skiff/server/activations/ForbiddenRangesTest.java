package dev.skiff.server.activations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every range a callback may not reach, at its edges, and public addresses just outside them. */
class ForbiddenRangesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0         | unspecified",
        "0.255.1.2       | unspecified",
        "127.0.0.1       | loopback",
        "127.255.255.254 | loopback",
        "10.0.0.0        | private (RFC 1918)",
        "10.255.255.255  | private (RFC 1918)",
        "172.16.0.1      | private (RFC 1918)",
        "172.31.255.255  | private (RFC 1918)",
        "192.168.0.1     | private (RFC 1918)",
        "192.168.255.255 | private (RFC 1918)",
        "100.64.0.1      | carrier-grade NAT",
        "100.127.255.254 | carrier-grade NAT",
        "169.254.169.254 | link-local",
        "169.254.0.1     | link-local",
        "224.0.0.1       | multicast",
        "239.255.255.250 | multicast",
        "255.255.255.255 | broadcast",
        "240.0.0.1       | reserved",
        "::              | unspecified",
        "::1             | loopback",
        "fe80::1         | link-local",
        "febf:ffff::1    | link-local",
        "fc00::1         | unique-local",
        "fdff:ffff::1    | unique-local",
        "fec0::1         | site-local",
        "feff::1         | site-local",
        "ff02::1         | multicast",
        "ff0e::101       | multicast",
        "::127.0.0.1     | loopback address in an IPv6 form",
        "::10.0.0.1      | private (RFC 1918) address in an IPv6 form",
        "::169.254.169.254 | link-local address (cloud metadata services live there) in an IPv6 form",
        "64:ff9b::a9fe:a9fe | link-local address (cloud metadata services live there) in an IPv6 form",
        "64:ff9b::7f00:1 | loopback address in an IPv6 form"})
    void of_forbiddenAddress_namesItsRange(String literal, String range) throws UnknownHostException {
        assertThat(ForbiddenRanges.of(InetAddress.getByName(literal))).contains(range);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "00000000000000000000ffff7f000001 | loopback address in an IPv6 form",
        "00000000000000000000ffffc0a80101 | private (RFC 1918) address in an IPv6 form",
        "00000000000000000000ffffa9fea9fe | link-local address (cloud metadata services live there) in an IPv6 form",
        "00000000000000000000ffff64400001 | carrier-grade NAT (100.64.0.0/10) address in an IPv6 form",
        "00000000000000000000ffff00000000 | unspecified (0.0.0.0/8) address in an IPv6 form"})
    void of_ipv4MappedIpv6Address_namesTheRangeOfTheIpv4Inside(String hex, String range) throws UnknownHostException {
        InetAddress mapped = Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), -1);

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(ForbiddenRanges.of(mapped)).contains(range);
    }

    @Test
    void of_ipv4MappedLiteral_isReadAsItsIpv4() throws UnknownHostException {
        assertThat(ForbiddenRanges.of(InetAddress.getByName("::ffff:127.0.0.1"))).isEqualTo("a loopback address");
        assertThat(ForbiddenRanges.of(InetAddress.getByName("::ffff:a9fe:a9fe"))).startsWith("a link-local address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "11.0.0.1", "9.255.255.255", "172.15.255.255", "172.32.0.1",
        "192.167.255.255", "192.169.0.1", "100.63.255.255", "100.128.0.1", "169.253.255.255", "169.255.0.1",
        "126.255.255.255", "128.0.0.1", "223.255.255.255", "203.0.113.7", "2001:4860:4860::8888", "2606:4700::1111",
        "fbff::1", "fe00::1", "fe7f::1", "::8.8.8.8", "64:ff9b::808:808"})
    void of_publicAddress_isNull(String literal) throws UnknownHostException {
        assertThat(ForbiddenRanges.of(InetAddress.getByName(literal))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000000000000000ffff08080808", "00000000000000000000ffff0b000001"})
    void of_ipv4MappedPublicAddress_isNull(String hex) throws UnknownHostException {
        assertThat(ForbiddenRanges.of(Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), -1))).isNull();
    }
}

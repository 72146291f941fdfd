package dev.skiff.server.activations;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * The addresses a callback may not reach unless the server allows its host: this machine's
 * (loopback, unspecified), the local network's (link-local, RFC 1918 private, carrier-grade NAT,
 * IPv6 unique-local and site-local), multicast, broadcast and reserved ones, and the IPv6 forms
 * that carry such an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64's {@code 64:ff9b::/96}).
 * Read from the address's bytes, not from {@link InetAddress}'s {@code is...} methods, which miss
 * some of these ranges.
 */
final class ForbiddenRanges {
    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private ForbiddenRanges() {}

    /** What forbidden range {@code address} lies in, such as "a loopback address"; null when it lies in none. */
    static String of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? ipv4(bytes) : ipv6(bytes);
    }

    private static String ipv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return "an unspecified (0.0.0.0/8) address";
        }
        if (first == 127) {
            return "a loopback address";
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return "a private (RFC 1918) address";
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return "a carrier-grade NAT (100.64.0.0/10) address";
        }
        if (first == 169 && second == 254) {
            return "a link-local address (cloud metadata services live there)";
        }
        if ((first & 0xf0) == 224) {
            return "a multicast address";
        }
        if (first == 255 && second == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
            return "the broadcast address";
        }
        return (first & 0xf0) == 240 ? "a reserved (240.0.0.0/4) address" : null;
    }

    private static String ipv6(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (zeros(b, 0, 16)) {
            return "the unspecified address";
        }
        if (zeros(b, 0, 15) && b[15] == 1) {
            return "a loopback address";
        }
        if (first == 0xff) {
            return "a multicast address";
        }
        if ((first & 0xfe) == 0xfc) {
            return "a unique-local (fc00::/7) address";
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return "a link-local address";
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return "a site-local (fec0::/10) address";
        }
        boolean mapped = zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros(b, 0, 12);
        boolean nat64 = Arrays.equals(b, 0, 12, NAT64, 0, 12);
        if (mapped || compatible || nat64) {
            String inner = ipv4(Arrays.copyOfRange(b, 12, 16));
            return inner == null ? null : inner + " in an IPv6 form";
        }
        return null;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

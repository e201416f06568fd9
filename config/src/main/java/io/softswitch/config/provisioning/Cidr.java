package io.softswitch.config.provisioning;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); a bare
 * address means a single host. Parsing accepts address literals only and never resolves a name
 * (DESIGN: never contact a host named in untrusted input).
 */
public final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException in the form {@code cidr: '10.0.0.0/33' (expected: ...)}
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String problem = check(text);
        if (problem != null) {
            throw new IllegalArgumentException("cidr: '" + text + "' (expected: " + problem + ")");
        }
        int slash = text.indexOf('/');
        byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
        int length = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
        return new Cidr(mask(address, length), length);
    }

    /** Null when {@code text} is a valid CIDR, else what was expected (for config problems). */
    public static String check(String text) {
        String expected = "an IPv4 or IPv6 address or network, e.g. 192.0.2.0/24 or 2001:db8::/32";
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            return expected;
        }
        if (slash >= 0) {
            String len = text.substring(slash + 1);
            int max = bytes.length * 8;
            if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(len) > max) {
                return "a prefix length 0-" + max + " after '/'";
            }
        }
        return null;
    }

    /**
     * The address {@code text} spells, an IPv4 or IPv6 literal (never a name: nothing is looked up),
     * or null when it is not one. The one literal-address rule of ACLs, inbound IPs and SIP targets.
     */
    public static InetAddress address(String text) {
        byte[] bytes = text == null ? null : literal(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} lies inside this network (an IPv4 address never matches an IPv6 network). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xff << (8 - rest)) & 0xff;
        return (a[full] & m) == (network[full] & m);
    }

    /** Whether every address of {@code other} is inside this network (same family, and no longer prefix). */
    public boolean encloses(Cidr other) {
        if (other.network.length != network.length || other.prefixLength < prefixLength) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (other.network[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        int m = (0xff << (8 - rest)) & 0xff;
        return rest == 0 || (other.network[full] & m) == (network[full] & m);
    }

    /** Orders networks by family, then first address, then widest first: an enclosing network comes before what it encloses. */
    public static int compare(Cidr a, Cidr b) {
        if (a.network.length != b.network.length) {
            return Integer.compare(a.network.length, b.network.length);
        }
        int c = Arrays.compareUnsigned(a.network, b.network);
        return c != 0 ? c : Integer.compare(a.prefixLength, b.prefixLength);
    }

    public int prefixLength() {
        return prefixLength;
    }

    private static byte[] mask(byte[] address, int length) {
        byte[] out = address.clone();
        for (int bit = length; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    /** The bytes of an address literal, or null; never a DNS lookup. */
    private static byte[] literal(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null; // no zone ids, no brackets: a literal with ':' is never resolved, but stay strict
            }
        }
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            return b.length == 16 ? b : null; // an IPv4-mapped literal comes back as 4 bytes
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

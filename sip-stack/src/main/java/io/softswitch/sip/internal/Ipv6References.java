package io.softswitch.sip.internal;

/**
 * Syntax check of an {@code IPv6reference} (RFC 3261 §25.1, corrected by RFC 5118 §4.3):
 * {@code "[" IPv6address "]"} where {@code IPv6address} is RFC 4291 text: at most eight 16-bit
 * hex groups, one {@code ::} at most, optionally ending in a dotted IPv4 address.
 */
final class Ipv6References {
    private Ipv6References() {
    }

    /** True for {@code [2001:db8::10]}, false for {@code [2001:db8:::192.0.2.1]} or {@code [::1}. */
    static boolean isValidReference(String host) {
        return host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                && isValidAddress(host.substring(1, host.length() - 1));
    }

    static boolean isValidAddress(String a) {
        if (a.isEmpty() || a.length() > 45) {
            return false;
        }
        int doubleColon = a.indexOf("::");
        if (doubleColon >= 0 && a.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        if (a.contains(":::")) {
            return false;
        }
        int groups = 0;
        String[] parts = a.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                // empty parts only around the single "::"
                continue;
            }
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return false;
                }
                groups += 2;
            } else if (p.length() > 4 || !isHex(p)) {
                return false;
            } else {
                groups++;
            }
        }
        if (doubleColon < 0) {
            return groups == 8 && !a.startsWith(":") && !a.endsWith(":");
        }
        boolean badStart = a.startsWith(":") && !a.startsWith("::");
        boolean badEnd = a.endsWith(":") && !a.endsWith("::");
        return groups <= 7 && !badStart && !badEnd;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(String s) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3) {
                return false;
            }
            for (int i = 0; i < o.length(); i++) {
                if (o.charAt(i) < '0' || o.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }
}

package io.softswitch.config.internal;

import io.softswitch.config.provisioning.Cidr;
import java.util.regex.Pattern;

/**
 * Syntax checks for configured SIP URIs (RFC 3261 section 19.1.1), restricted to what a
 * gateway or origination URL needs: {@code sip:} or {@code sips:}, an optional user, a host
 * (IPv4, bracketed IPv6 or a domain name), an optional port and parameters; no headers.
 */
public final class SipUrls {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%#]+");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9\\-_.!~*'()%]+(=[A-Za-z0-9\\-_.!~*'()%\\[\\]:]+)?");

    private SipUrls() {
    }

    /** Null when {@code url} is acceptable, else what was expected. */
    public static String check(String url) {
        String expected = "a SIP URI like sip:gw.example.net:5060;transport=udp or sip:192.0.2.10";
        String rest;
        if (url.regionMatches(true, 0, "sip:", 0, 4)) {
            rest = url.substring(4);
        } else if (url.regionMatches(true, 0, "sips:", 0, 5)) {
            rest = url.substring(5);
        } else {
            return expected + " (scheme sip: or sips:)";
        }
        if (rest.indexOf('?') >= 0) {
            return expected + " (no headers)";
        }
        String[] parts = rest.split(";", -1);
        String hostPort = parts[0];
        for (int i = 1; i < parts.length; i++) {
            if (!PARAM.matcher(parts[i]).matches()) {
                return expected + " (bad parameter '" + parts[i] + "')";
            }
        }
        int at = hostPort.lastIndexOf('@');
        if (at >= 0) {
            if (!USER.matcher(hostPort.substring(0, at)).matches()) {
                return expected + " (bad user part)";
            }
            hostPort = hostPort.substring(at + 1);
        }
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return expected + " (unclosed IPv6 reference)";
            }
            host = hostPort.substring(1, close);
            if (host.indexOf(':') < 0 || Cidr.check(host) != null) {
                return expected + " (bad IPv6 address)";
            }
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    return expected;
                }
                port = after.substring(1);
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            boolean ipv4 = host.matches("[0-9.]+");
            if (ipv4 ? Cidr.check(host) != null : !HOSTNAME.matcher(host).matches()) {
                return expected + " (bad host '" + host + "')";
            }
        }
        if (port != null) {
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return expected + " (port 1-65535)";
            }
        }
        return null;
    }

    /** Null when {@code host} is a domain name, else what was expected. */
    public static String checkDomain(String host) {
        return HOSTNAME.matcher(host).matches() && !host.matches("[0-9.]+") ? null : "a domain name, e.g. acme.pstn.example.net";
    }
}

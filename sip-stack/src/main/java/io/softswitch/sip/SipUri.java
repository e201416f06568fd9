package io.softswitch.sip;

import java.util.Locale;
import java.util.Objects;

/**
 * The parts of a {@code sip:} URI the softswitch uses.
 *
 * @param user      user part, possibly a phone number ({@code +14155550100}); null when absent
 * @param host      host (IPv6 without brackets)
 * @param port      port, or -1 when absent
 * @param transport {@code udp}, {@code tcp}, {@code tls} (also for a {@code sips:} URI) or null when not given
 */
public record SipUri(String user, String host, int port, String transport) {
    public SipUri {
        Objects.requireNonNull(host, "host");
        if (port != -1 && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535 or -1)");
        }
        transport = transport == null ? null : transport.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code sip:user@host:port;transport=tcp}; other parameters are ignored. {@code sips:}
     * URIs are read as {@code transport=tls} (TLS to the next hop, RFC 3261 §26.2.2).
     */
    public static SipUri parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean sips = s.regionMatches(true, 0, "sips:", 0, 5);
        if (!sips && !s.regionMatches(true, 0, "sip:", 0, 4)) {
            throw new IllegalArgumentException("sip uri: " + text + " (expected: sip:[user@]host[:port][;transport=udp|tcp|tls])");
        }
        s = s.substring(sips ? 5 : 4);
        String params = "";
        int semi = s.indexOf(';');
        if (semi >= 0) {
            params = s.substring(semi + 1);
            s = s.substring(0, semi);
        }
        String user = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            user = s.substring(0, at);
            s = s.substring(at + 1);
        }
        String host;
        int port = -1;
        try {
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                host = s.substring(1, close);
                if (close + 1 < s.length()) {
                    port = Integer.parseInt(s.substring(close + 2));
                }
            } else {
                int colon = s.indexOf(':');
                host = colon >= 0 ? s.substring(0, colon) : s;
                if (colon >= 0) {
                    port = Integer.parseInt(s.substring(colon + 1));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sip uri: " + text + " (expected: sip:[user@]host[:port][;transport=udp|tcp])");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("sip uri: " + text + " (expected: a host)");
        }
        String transport = null;
        for (String p : params.split(";")) {
            if (p.regionMatches(true, 0, "transport=", 0, 10)) {
                transport = p.substring(10);
            }
        }
        if (transport != null && !transport.equalsIgnoreCase("udp") && !transport.equalsIgnoreCase("tcp")
                && !transport.equalsIgnoreCase("tls")) {
            throw new IllegalArgumentException("sip uri: " + text + " (expected: transport udp, tcp or tls)");
        }
        if (sips) {
            if (transport != null && !transport.equalsIgnoreCase("tls")) {
                throw new IllegalArgumentException("sip uri: " + text + " (expected: no transport other than tls"
                        + " on a sips: URI)");
            }
            transport = "tls";
        }
        return new SipUri(user, host, port, transport);
    }

    public SipUri withUser(String newUser) {
        return new SipUri(newUser, host, port, transport);
    }

    public String transportOrUdp() {
        return transport == null ? "udp" : transport;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("sip:");
        if (user != null) {
            sb.append(user).append('@');
        }
        sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (port != -1) {
            sb.append(':').append(port);
        }
        if (transport != null) {
            sb.append(";transport=").append(transport);
        }
        return sb.toString();
    }
}

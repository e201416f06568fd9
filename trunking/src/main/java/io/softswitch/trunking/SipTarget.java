package io.softswitch.trunking;

import io.softswitch.config.provisioning.Cidr;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a gateway or origination URL sends INVITEs: a {@code sip:} URI (RFC 3261 section 19.1.1)
 * parsed once when a snapshot is compiled, so the call path never parses or refuses one.
 *
 * <pre>sip[s]:[user@]host[:port][;transport=udp|tcp|tls][;other-param]</pre>
 *
 * Host is an IPv4 literal, a bracketed IPv6 literal or a domain name; no headers ({@code ?}).
 * A {@code sips:} URI is TLS to that host (transport {@code tls}; only {@code transport=tls} may be
 * given with it); the peer's certificate must name the host ({@code sip.tls}).
 *
 * @param user      user part, or null
 * @param host      host, IPv6 without brackets
 * @param port      1-65535, or -1 when absent
 * @param transport {@code udp}, {@code tcp}, {@code tls} (also for {@code sips:}), or null when not given
 */
public record SipTarget(String user, String host, int port, String transport) {
    /** What a configured SIP URL must look like, for problems. */
    public static final String EXPECTED = "a SIP URI like sip:gw.example.net:5060;transport=udp or sip:192.0.2.10";
    /**
     * Why a feature the switch does not have yet is refused (the API answers such a problem as
     * "not supported"). TLS exists now, so no URL is refused with it.
     */
    public static final String NO_TLS = "sip: (sips: and transport=tls need TLS signalling, which is not implemented)";

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%#]+");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9\\-_.!~*'()%]+(=[A-Za-z0-9\\-_.!~*'()%\\[\\]:]+)?");

    public SipTarget {
        Objects.requireNonNull(host, "host");
    }

    /** The outcome of {@link #parse}: a target, or what was expected instead. */
    public sealed interface Parsed {
    }

    public record Valid(SipTarget target) implements Parsed {
    }

    public record Invalid(String expected) implements Parsed {
    }

    /** Parses {@code url}; never throws on bad input. */
    public static Parsed parse(String url) {
        if (url == null || url.isEmpty() || url.length() > 2048) {
            return new Invalid(EXPECTED);
        }
        boolean sips = url.regionMatches(true, 0, "sips:", 0, 5);
        if (!sips && !url.regionMatches(true, 0, "sip:", 0, 4)) {
            return new Invalid(EXPECTED + " (scheme sip: or sips:)");
        }
        String rest = url.substring(sips ? 5 : 4);
        if (rest.indexOf('?') >= 0) {
            return new Invalid(EXPECTED + " (no headers)");
        }
        String[] parts = rest.split(";", -1);
        String transport = null;
        for (int i = 1; i < parts.length; i++) {
            if (!PARAM.matcher(parts[i]).matches()) {
                return new Invalid(EXPECTED + " (bad parameter '" + parts[i] + "')");
            }
            if (parts[i].regionMatches(true, 0, "transport=", 0, 10)) {
                transport = parts[i].substring(10).toLowerCase(Locale.ROOT);
                if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
                    return new Invalid(EXPECTED + " (transport udp, tcp or tls)");
                }
                if (sips && !transport.equals("tls")) {
                    return new Invalid(EXPECTED + " (sips: is TLS: no transport=" + transport + ")");
                }
            }
        }
        String hostPort = parts[0];
        String user = null;
        int at = hostPort.lastIndexOf('@');
        if (at >= 0) {
            user = hostPort.substring(0, at);
            if (!USER.matcher(user).matches()) {
                return new Invalid(EXPECTED + " (bad user part)");
            }
            hostPort = hostPort.substring(at + 1);
        }
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return new Invalid(EXPECTED + " (unclosed IPv6 reference)");
            }
            host = hostPort.substring(1, close);
            if (host.indexOf(':') < 0 || Cidr.check(host) != null) {
                return new Invalid(EXPECTED + " (bad IPv6 address)");
            }
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    return new Invalid(EXPECTED);
                }
                port = after.substring(1);
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            boolean ipv4 = host.matches("[0-9.]+");
            if (ipv4 ? Cidr.check(host) != null : !HOSTNAME.matcher(host).matches()) {
                return new Invalid(EXPECTED + " (bad host '" + host + "')");
            }
        }
        int portNumber = -1;
        if (port != null) {
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return new Invalid(EXPECTED + " (port 1-65535)");
            }
            portNumber = Integer.parseInt(port);
        }
        return new Valid(new SipTarget(user, host, portNumber, sips ? "tls" : transport));
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

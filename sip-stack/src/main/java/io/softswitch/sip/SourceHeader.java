package io.softswitch.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@value #NAME}: the header in which a cluster's SIP front (Kamailio, {@code deploy/kamailio/})
 * names the PBX's real source address, {@code ip}, {@code ip:port}, {@code v6} or {@code [v6]:port}.
 * Believed only on requests whose packet came from a trusted front; never resolved (IP literals only).
 */
public final class SourceHeader {
    /** The header name (also {@code ClusterConfig.SOURCE_HEADER}). */
    public static final String NAME = "X-Softswitch-Source";

    private static final Pattern V4 = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})(?::(\\d{1,5}))?");
    private static final Pattern V6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?|([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)");

    private SourceHeader() {
    }

    /** The header's value as an address (port 0 when absent); null when it is not an IP literal. */
    public static InetSocketAddress parse(String value) {
        String v = value.trim();
        String host;
        String port;
        Matcher m4 = V4.matcher(v);
        Matcher m6 = V6.matcher(v);
        if (m4.matches()) {
            host = m4.group(1);
            port = m4.group(2);
        } else if (m6.matches()) {
            host = m6.group(1) != null ? m6.group(1) : m6.group(3);
            port = m6.group(2);
        } else {
            return null;
        }
        InetAddress a = literal(host);
        int p = port == null ? 0 : Integer.parseInt(port);
        if (a == null || p > 65_535) {
            return null;
        }
        return new InetSocketAddress(a, p);
    }

    /** An IP literal as an address, never looked up; null for anything else. */
    public static InetAddress literal(String s) {
        try {
            if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                byte[] b = new byte[4];
                String[] parts = s.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    b[i] = (byte) octet;
                }
                return InetAddress.getByAddress(b);
            }
            if (!(s.contains(":") && s.matches("[0-9A-Fa-f:.]+"))) {
                return null;
            }
            return InetAddress.getByName(s); // an IPv6 literal (it has a ':'): parsed, never resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

package io.softswitch.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sockets a configuration asks for (SIP listeners, HTTP, the simulator), so two listeners on
 * one port are a configuration problem reported where the second is declared, instead of a bind
 * failure at start. Two claims clash when they use the same protocol and port and their hosts
 * overlap: equal, or either a wildcard address. Port 0 (any free port) never clashes.
 */
public final class Sockets {
    private record Claim(String protocol, String host, int port, String owner) {
    }

    private final List<Claim> claims = new ArrayList<>();

    /**
     * Claims {@code protocol host:port} for {@code owner} (a key path such as {@code sip.listen[0]});
     * a clash with an earlier claim is a problem at {@code at}, and false.
     */
    public boolean claim(String protocol, String host, int port, String owner, ConfigNode at) {
        if (port == 0) {
            return true;
        }
        for (Claim c : claims) {
            if (c.protocol.equals(protocol) && c.port == port && overlap(c.host, host)) {
                at.problem(protocol + " " + host + ":" + port,
                        "a port no other listener uses (" + c.owner + " listens on " + protocol + " " + c.host + ":"
                                + port + ")");
                return false;
            }
        }
        claims.add(new Claim(protocol, host, port, owner));
        return true;
    }

    private static boolean overlap(String a, String b) {
        return a.equalsIgnoreCase(b) || wildcard(a) || wildcard(b);
    }

    private static boolean wildcard(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]") || h.equals("*");
    }
}

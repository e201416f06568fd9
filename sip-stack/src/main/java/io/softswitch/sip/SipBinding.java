package io.softswitch.sip;

import java.util.Locale;
import java.util.Objects;

/** A transport (udp, tcp, tls) bound on a local address, e.g. {@code udp 127.0.0.1:5060}. */
public record SipBinding(String transport, String host, int port) {
    public SipBinding {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        transport = transport.toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            throw new IllegalArgumentException("transport: " + transport + " (expected: udp, tcp or tls)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    @Override
    public String toString() {
        return transport + " " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

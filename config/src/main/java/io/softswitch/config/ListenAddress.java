package io.softswitch.config;

import java.util.Objects;

/** One SIP listener: transport, local address and port (0 = any free port, used by tests). */
public record ListenAddress(Transport transport, String host, int port) {
    public ListenAddress {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
    }
}

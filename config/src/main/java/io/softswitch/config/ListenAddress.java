package io.softswitch.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One SIP listener: transport, local address and port (0 = any free port, used by tests), and
 * for {@code tls} its certificate settings.
 */
public record ListenAddress(Transport transport, String host, int port, Optional<ListenerTls> tls) {
    /** A udp or tcp listener. */
    public ListenAddress(Transport transport, String host, int port) {
        this(transport, host, port, transport == Transport.TLS ? Optional.of(ListenerTls.SELF_SIGNED)
                : Optional.empty());
    }

    public ListenAddress {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (tls.isPresent() != (transport == Transport.TLS)) {
            throw new IllegalArgumentException("tls: " + tls + " (expected: present exactly for transport tls)");
        }
    }
}

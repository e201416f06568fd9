package io.softswitch.config;

import java.util.Objects;
import java.util.Optional;

/**
 * REST API, metrics and health endpoint listener. Port 0 picks a free port.
 *
 * @param tls HTTPS ({@code http.tls}): the certificate presented, or the daemon's self-signed one
 *            (a {@link ListenerTls} without client CA); empty = plain HTTP
 */
public record HttpConfig(String host, int port, Optional<ListenerTls> tls) {
    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        tls.ifPresent(t -> {
            if (t.clientCa().isPresent()) {
                throw new IllegalArgumentException("tls.clientCa: " + t.clientCa().get() + " (expected: none on http)");
            }
        });
    }

    /** Plain HTTP. */
    public HttpConfig(String host, int port) {
        this(host, port, Optional.empty());
    }

    /** "https" or "http". */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}

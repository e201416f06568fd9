package io.softswitch.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code sip.tls}: TLS towards carriers and PBXs ({@code sips:} or {@code ;transport=tls}) and the
 * handshake bound of every TLS connection.
 *
 * @param handshakeTimeoutMs a TLS handshake not finished in this time closes the connection
 * @param trustedCa          CA certificates a peer's certificate must chain to; empty = the JVM's
 *                           system trust store
 * @param clientIdentity     certificate presented when a peer asks for one (mutual TLS); empty = none
 */
public record SipTlsConfig(int handshakeTimeoutMs, Optional<Path> trustedCa, Optional<CertificateFiles> clientIdentity) {
    /** The default handshake timeout. */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;
    public static final SipTlsConfig DEFAULTS = new SipTlsConfig(DEFAULT_HANDSHAKE_TIMEOUT_MS, Optional.empty(),
            Optional.empty());

    public SipTlsConfig {
        Objects.requireNonNull(trustedCa, "trustedCa");
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        if (handshakeTimeoutMs < 100 || handshakeTimeoutMs > 60_000) {
            throw new IllegalArgumentException("handshakeTimeoutMs: " + handshakeTimeoutMs + " (expected: 100-60000)");
        }
    }
}

package io.softswitch.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS side of a {@code transport: tls} listener.
 *
 * @param identity  the certificate and key presented; empty = the daemon's self-signed one under
 *                  the data dir (created on first start)
 * @param clientCa  CA certificates a client must present a certificate from (mutual TLS); empty = no
 *                  client certificate asked for
 */
public record ListenerTls(Optional<CertificateFiles> identity, Optional<Path> clientCa) {
    /** Self-signed, no client certificates. */
    public static final ListenerTls SELF_SIGNED = new ListenerTls(Optional.empty(), Optional.empty());

    public ListenerTls {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(clientCa, "clientCa");
    }
}

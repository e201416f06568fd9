package io.softswitch.sip;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for a {@link SipEndpoint}: what each {@code tls} listener presents, whose client certificates
 * it accepts, and how outbound connections ({@code sips:}, {@code ;transport=tls}) check the peer.
 * Every connection speaks TLS 1.2 or 1.3 with forward-secret AEAD suites only ({@link #PROTOCOLS},
 * {@link #CIPHER_SUITES}), without renegotiation, and a handshake not finished within
 * {@code handshakeTimeout} closes the connection.
 *
 * @param listeners        the identity of each tls binding (as given in {@link SipSettings#bindings()})
 * @param clientCas        CAs a TLS client must present a certificate from; empty = none asked for
 * @param trustedCas       CAs an outbound peer's certificate must chain to; empty = the JVM's trust store.
 *                         The peer's certificate must also name the host dialled.
 * @param client           certificate presented to peers that ask for one (mutual TLS)
 * @param handshakeTimeout bound of every TLS handshake, both ways
 */
public record SipTls(Map<SipBinding, TlsIdentity> listeners, List<X509Certificate> clientCas,
        List<X509Certificate> trustedCas, Optional<TlsIdentity> client, Duration handshakeTimeout) {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    /** No TLS listener; outbound TLS checks peers against the system trust store. */
    public static final SipTls NONE = new SipTls(Map.of(), List.of(), List.of(), Optional.empty(),
            DEFAULT_HANDSHAKE_TIMEOUT);

    public SipTls {
        listeners = Map.copyOf(listeners);
        clientCas = List.copyOf(clientCas);
        trustedCas = List.copyOf(trustedCas);
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        for (SipBinding b : listeners.keySet()) {
            if (!b.transport().equals("tls")) {
                throw new IllegalArgumentException("listeners: " + b + " (expected: tls bindings only)");
            }
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: > 0)");
        }
    }

    /** These settings with the identity of one more tls listener. */
    public SipTls withListener(SipBinding binding, TlsIdentity identity) {
        java.util.Map<SipBinding, TlsIdentity> m = new java.util.HashMap<>(listeners);
        m.put(binding, identity);
        return new SipTls(m, clientCas, trustedCas, client, handshakeTimeout);
    }
}

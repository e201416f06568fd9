package io.softswitch.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * SIP signalling settings.
 *
 * @param listen           listeners (transport, host, port)
 * @param advertisedHost   host written in Via/Contact when it differs from the bind address; empty
 *                         means the listener's own address
 * @param userAgent        value of our {@code User-Agent} and {@code Server} headers
 * @param threads          SIP stack worker threads
 * @param maxMessageSize   largest SIP message accepted over a stream transport, in bytes
 * @param security         request validation and flood defences ({@code sip.security})
 * @param ackTimeout       ({@code ack_timeout_seconds}, whole seconds) how long a 2xx waits for its
 *                         ACK (ours from a PBX; the stack's own check that we ACKed a carrier's):
 *                         also how long the stack keeps each answered call's dialog state after
 *                         the answer
 * @param tls              outbound TLS and the handshake timeout ({@code sip.tls})
 */
public record SipConfig(List<ListenAddress> listen, String advertisedHost, String userAgent, int threads,
        int maxMessageSize, SipSecurityConfig security, Duration ackTimeout, SipTlsConfig tls) {
    /** The default {@code sip.ack_timeout_seconds}: 8 s. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(8);

    /** Settings with the default {@code sip.security} and ACK timeout. */
    public SipConfig(List<ListenAddress> listen, String advertisedHost, String userAgent, int threads,
            int maxMessageSize) {
        this(listen, advertisedHost, userAgent, threads, maxMessageSize, SipSecurityConfig.DEFAULTS,
                DEFAULT_ACK_TIMEOUT);
    }

    /** Settings with the default {@code sip.tls}. */
    public SipConfig(List<ListenAddress> listen, String advertisedHost, String userAgent, int threads,
            int maxMessageSize, SipSecurityConfig security, Duration ackTimeout) {
        this(listen, advertisedHost, userAgent, threads, maxMessageSize, security, ackTimeout,
                SipTlsConfig.DEFAULTS);
    }

    public SipConfig {
        listen = List.copyOf(listen);
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(tls, "tls");
    }
}

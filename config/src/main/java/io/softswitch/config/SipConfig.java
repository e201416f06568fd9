package io.softswitch.config;

import java.util.List;

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
 * @param ackTimeoutSeconds how long a 2xx waits for its ACK (ours from a PBX; the stack's own
 *                         check that we ACKed a carrier's): also how long the stack keeps each
 *                         answered call's dialog state after the answer
 */
public record SipConfig(List<ListenAddress> listen, String advertisedHost, String userAgent, int threads,
        int maxMessageSize, SipSecurityConfig security, int ackTimeoutSeconds) {
    /** The default {@code sip.ack_timeout_seconds}. */
    public static final int DEFAULT_ACK_TIMEOUT_SECONDS = 8;

    /** Settings with the default {@code sip.security} and ACK timeout. */
    public SipConfig(List<ListenAddress> listen, String advertisedHost, String userAgent, int threads,
            int maxMessageSize) {
        this(listen, advertisedHost, userAgent, threads, maxMessageSize, SipSecurityConfig.DEFAULTS,
                DEFAULT_ACK_TIMEOUT_SECONDS);
    }

    public SipConfig {
        listen = List.copyOf(listen);
        java.util.Objects.requireNonNull(security, "security");
    }
}

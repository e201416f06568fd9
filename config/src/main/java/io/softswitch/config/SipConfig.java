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
 */
public record SipConfig(List<ListenAddress> listen, String advertisedHost, String userAgent, int threads,
        int maxMessageSize, SipSecurityConfig security) {
    /** Settings with the default {@code sip.security}. */
    public SipConfig(List<ListenAddress> listen, String advertisedHost, String userAgent, int threads,
            int maxMessageSize) {
        this(listen, advertisedHost, userAgent, threads, maxMessageSize, SipSecurityConfig.DEFAULTS);
    }

    public SipConfig {
        listen = List.copyOf(listen);
        java.util.Objects.requireNonNull(security, "security");
    }
}

package io.softswitch.sip;

import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link SipEndpoint}.
 *
 * @param name            stack name, unique per process (shows in logs)
 * @param bindings        transports to listen on
 * @param userAgent       our {@code Server}/{@code User-Agent} header value
 * @param threads         worker threads that deliver SIP events
 * @param maxMessageSize  largest message accepted on a stream transport, in bytes
 * @param advertisedHost  host written in Via/Contact instead of the bind address; empty for none
 * @param security        request validation and flood defences applied before routing
 * @param overload        while UDP messages wait longer than this for a SIP thread, new INVITEs are
 *                        answered {@code 503} + {@code Retry-After} statelessly
 * @param ackTimeoutSeconds how long our 2xx waits for its ACK before the leg is lost (RFC 3261:
 *                        32 s); the stack also keeps every answered dialog at least this long
 * @param tls             certificates of the tls bindings and how TLS peers are checked
 */
public record SipSettings(String name, List<SipBinding> bindings, String userAgent, int threads, int maxMessageSize,
        String advertisedHost, SipSecurity security, OverloadLimit overload, int ackTimeoutSeconds, SipTls tls) {

    /** The default ACK timeout, in seconds. */
    public static final int DEFAULT_ACK_TIMEOUT_SECONDS = 8;

    /** Settings without TLS listeners. */
    public SipSettings(String name, List<SipBinding> bindings, String userAgent, int threads, int maxMessageSize,
            String advertisedHost, SipSecurity security, OverloadLimit overload, int ackTimeoutSeconds) {
        this(name, bindings, userAgent, threads, maxMessageSize, advertisedHost, security, overload,
                ackTimeoutSeconds, SipTls.NONE);
    }

    /** Settings with the default ACK timeout. */
    public SipSettings(String name, List<SipBinding> bindings, String userAgent, int threads, int maxMessageSize,
            String advertisedHost, SipSecurity security, OverloadLimit overload) {
        this(name, bindings, userAgent, threads, maxMessageSize, advertisedHost, security, overload,
                DEFAULT_ACK_TIMEOUT_SECONDS);
    }

    /** Settings with the default overload threshold and no warm-up. */
    public SipSettings(String name, List<SipBinding> bindings, String userAgent, int threads, int maxMessageSize,
            String advertisedHost, SipSecurity security) {
        this(name, bindings, userAgent, threads, maxMessageSize, advertisedHost, security,
                OverloadLimit.steady(OverloadLimit.DEFAULT_MAX_DELAY_MS));
    }

    /** Settings with the default {@link SipSecurity}. */
    public SipSettings(String name, List<SipBinding> bindings, String userAgent, int threads, int maxMessageSize,
            String advertisedHost) {
        this(name, bindings, userAgent, threads, maxMessageSize, advertisedHost, SipSecurity.DEFAULTS);
    }

    public SipSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(userAgent, "userAgent");
        bindings = List.copyOf(bindings);
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException("bindings: [] (expected: at least one)");
        }
        Objects.requireNonNull(overload, "overload");
        Objects.requireNonNull(tls, "tls");
        for (SipBinding b : bindings) {
            if (b.transport().equals("tls") && !tls.listeners().containsKey(b)) {
                throw new IllegalArgumentException("tls: no certificate for " + b + " (expected: one per tls binding)");
            }
        }
        if (ackTimeoutSeconds < 1 || ackTimeoutSeconds > 32) {
            throw new IllegalArgumentException("ackTimeoutSeconds: " + ackTimeoutSeconds + " (expected: 1-32)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
    }
}

package io.softswitch.sip;

/**
 * What the SIP layer reports for metrics. Called on SIP stack threads: implementations must be
 * fast and never block. Method names are upper-case SIP methods; unknown methods arrive as
 * {@code "OTHER"} so that tags stay a small fixed set.
 */
public interface SipEvents {
    SipEvents NONE = new SipEvents() { };

    default void requestReceived(String method) {
    }

    default void responseSent(String method, int status) {
    }

    /**
     * A request was dropped without an answer. {@code reason} is one of {@code "scanner"} (known
     * scanner User-Agent), {@code "blocked"} (the source is blocked), {@code "auth-backoff"} (it
     * carried credentials while its source backs off after authentication failures) or
     * {@code "unanswerable"} (invalid and impossible to answer, e.g. an ACK).
     */
    default void requestDropped(String reason) {
    }

    /** A new INVITE was answered {@code 503} + {@code Retry-After} at once because the stack is behind (overload). */
    default void overloadShed() {
    }

    /**
     * A source address was blocked. {@code reason} is {@code "rate-limit"} or {@code "auth-failures"}.
     */
    default void sourceBlocked(String reason) {
    }

    /**
     * An authentication failure opened a back-off window for its source (one event per failure that
     * does not block the source; the failure that blocks it reports {@link #sourceBlocked}).
     */
    default void authBackoff() {
    }

    /**
     * A TLS connection to one of our tls listeners was refused and closed before any SIP: reason
     * {@code not-tls} (plain text on the TLS port), {@code protocol} (TLS 1.0/1.1 or no common
     * suite), {@code certificate} (a client certificate missing or not trusted), {@code timeout}
     * (handshake not finished in time) or {@code closed} (the peer went away).
     */
    default void tlsRefused(String reason) {
    }

    /**
     * An outbound TLS connection failed in its handshake and carried nothing: reason {@code name}
     * (the peer's certificate does not name the host dialled), {@code untrusted} (it does not chain
     * to a trusted CA, or has expired) or {@code handshake} (the peer refused us, e.g. our client
     * certificate under mutual TLS).
     */
    default void tlsPeerFailed(String reason) {
    }
}

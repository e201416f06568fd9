package io.softswitch.sip.internal;

import io.softswitch.sip.SipEvents;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound TLS connections the stack refused (its accept thread logs the handshake failure and closes
 * the socket): one log line each, without a stack trace, and a count by reason
 * ({@link SipEvents#tlsRefused}). Events are found by stack name, as the stack makes its logger.
 */
final class TlsRefusals {
    private static final Logger LOG = LoggerFactory.getLogger("softswitch.tls");
    /** The events of each stack that has tls listeners, by stack name. */
    private static final Map<String, SipEvents> EVENTS = new ConcurrentHashMap<>();

    private TlsRefusals() {
    }

    /** Counts the refusals of stack {@code stackName}, if it has tls listeners. */
    static void register(String stackName, SipEvents events, boolean hasTlsListeners) {
        if (hasTlsListeners) {
            EVENTS.put(stackName, events);
        }
    }

    static void unregister(String stackName) {
        EVENTS.remove(stackName);
    }

    /** True when {@code message}/{@code ex} was the stack's report of a refused TLS connection (then handled). */
    static boolean handled(String stackName, String message, Throwable ex) {
        if (message == null || !message.contains("while Accepting connection")
                || !(ex instanceof SSLException || ex instanceof SocketException)) {
            return false;
        }
        if (ex instanceof SocketException && "Socket closed".equals(ex.getMessage())) {
            return true; // closed by us at the handshake timeout: already counted by timedOut
        }
        refused(stackName, reason(ex), ex.getMessage());
        return true;
    }

    /**
     * An outbound TLS connection that failed in its handshake (we refused the peer's certificate,
     * or the peer refused us): one WARN line and a count by {@link #peerReason}. The request it
     * carried is not sent; the call engine fails over as for a gateway that cannot be reached.
     */
    static void peerFailed(String stackName, Throwable ex) {
        String reason = peerReason(ex);
        LOG.warn("TLS connection to a peer failed ({}): {}", reason, ex.getMessage());
        SipEvents events = eventsOf(stackName);
        if (events != null) {
            events.tlsPeerFailed(reason);
        }
    }

    /**
     * {@code name} (its certificate does not name the host dialled), {@code untrusted} (does not
     * chain to a trusted CA, or expired), or {@code handshake} (the peer refused us: our client
     * certificate, protocol or suites).
     */
    static String peerReason(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no subject alternative") || m.contains("no name matching")) {
                return "name";
            }
            if (c instanceof java.security.cert.CertificateExpiredException || m.contains("pkix")
                    || m.contains("certification path")) {
                return "untrusted";
            }
        }
        return "handshake";
    }

    /** A handshake that did not finish in time: its connection is being closed. */
    static void timedOut(String stackName) {
        refused(stackName, "timeout", "handshake not finished in time");
    }

    private static void refused(String stackName, String reason, String detail) {
        LOG.info("TLS connection refused ({}): {}", reason, detail);
        SipEvents events = eventsOf(stackName);
        if (events != null) {
            events.tlsRefused(reason);
        }
    }

    /**
     * JAIN-SIP's classes log through the logger of the stack created last in the JVM (a static),
     * so the name it reports may be another stack's (the daemon's simulator starts after the SIP
     * endpoint): then the one stack with tls listeners is meant. With several, only the log line.
     */
    private static SipEvents eventsOf(String stackName) {
        SipEvents named = stackName == null ? null : EVENTS.get(stackName);
        if (named != null) {
            return named;
        }
        return EVENTS.size() == 1 ? EVENTS.values().iterator().next() : null;
    }

    static String reason(Throwable ex) {
        String m = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return "timeout";
            }
        }
        if (m.contains("unrecognized ssl message") || m.contains("plaintext")) {
            return "not-tls";
        }
        if (m.contains("protocol") || m.contains("cipher suite") || m.contains("no appropriate")) {
            return "protocol";
        }
        if (m.contains("certificate") || m.contains("pkix") || m.contains("unknown_ca")) {
            return "certificate";
        }
        if (m.contains("timed out") || m.contains("timeout")) {
            return "timeout";
        }
        return "closed";
    }
}

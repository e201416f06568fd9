package io.softswitch.sip;

import io.softswitch.sip.internal.JainSipStack;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's SIP endpoint: a JAIN-SIP stack listening on the configured transports.
 *
 * <p>Until call handling is plugged in it behaves as a trunk that is up but routes nothing:
 * {@code OPTIONS} gets {@code 200} with {@code Allow}, {@code Accept} and {@code Supported};
 * {@code INVITE} gets {@code 480}; in-dialog requests get {@code 481}; methods a trunk does not
 * serve get {@code 405}; unknown methods {@code 501}. Every request that can be answered is.
 *
 * <p>Thread-safe. {@link #close()} stops the listeners and the stack's threads.
 */
public final class SipEndpoint implements AutoCloseable {
    private final JainSipStack stack;

    private SipEndpoint(JainSipStack stack) {
        this.stack = stack;
    }

    /**
     * Starts the stack and binds every listener.
     *
     * @throws IOException when a listener cannot be bound (address in use, unknown address)
     */
    public static SipEndpoint start(SipSettings settings, SipEvents events) throws IOException {
        return new SipEndpoint(JainSipStack.start(settings, events));
    }

    /** Plugs in the call engine; until then every INVITE gets {@code 480}. */
    public void setHandler(SipHandler handler) {
        stack.setHandler(handler);
    }

    /**
     * Sends an INVITE to a gateway. Progress arrives on {@code listener}.
     *
     * @throws IOException when the request cannot be sent at all (e.g. TCP connection refused)
     */
    public OutboundLeg dial(OutboundRequest request, OutboundListener listener) throws IOException {
        return stack.dial(request, listener);
    }

    /**
     * Sends an out-of-dialog OPTIONS to {@code target} (gateway health probing) and reports its
     * final response; {@code 408} when none arrives within the transaction timeout,
     * {@link ProbeOutcome.NotSent} when it cannot be sent at all. {@code onFinal} runs on a SIP thread
     * and must not block.
     */
    public void probe(SipUri target, java.util.function.Consumer<ProbeOutcome> onFinal) {
        stack.probe(target, onFinal);
    }

    /**
     * Reports a failed digest authentication from {@code ip}; after
     * {@code sip.security.auth_failures_before_block} in a row the source is blocked (svcrack defence).
     */
    public void authFailed(java.net.InetAddress ip) {
        stack.authFailed(ip);
    }

    /** Reports a successful digest authentication from {@code ip} (resets its failure count). */
    public void authSucceeded(java.net.InetAddress ip) {
        stack.authSucceeded(ip);
    }

    /**
     * Replaces the certificates of the tls listeners (keyed as in {@link SipSettings#bindings()})
     * and the client certificate; new handshakes use them, open connections keep theirs.
     *
     * @throws IOException when a key or chain cannot be used (nothing is changed then)
     */
    public void reloadTls(java.util.Map<SipBinding, TlsIdentity> listeners, java.util.Optional<TlsIdentity> client)
            throws IOException {
        SipTls now = stack.tlsSettings();
        stack.reloadTls(new SipTls(listeners, now.clientCas(), now.trustedCas(), client, now.handshakeTimeout()));
    }

    /**
     * Replaces the certificates as {@link #reloadTls(java.util.Map, java.util.Optional)} does, and
     * the CA bundles too: the client CAs of the tls listeners and the CAs outbound peers must chain
     * to. The handshake timeout, the listeners and whether they ask for client certificates are
     * fixed at start.
     *
     * @throws IOException when a key, chain or CA cannot be used (nothing is changed then)
     */
    public void reloadTls(SipTls fresh) throws IOException {
        stack.reloadTls(fresh);
    }

    /** The bound listeners. */
    public List<SipBinding> bindings() {
        return stack.bindings();
    }

    /**
     * From now on new calls are refused with {@code 503} + {@code Retry-After: retryAfter} in whole
     * seconds (graceful shutdown; the daemon's {@code calls.retry_after.draining_seconds}).
     */
    public void stopAccepting(Duration retryAfter) {
        stack.stopAccepting(retryAfter);
    }

    @Override
    public void close() {
        stack.close();
    }
}

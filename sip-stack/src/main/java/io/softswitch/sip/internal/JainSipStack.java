package io.softswitch.sip.internal;

import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipHandler;
import io.softswitch.sip.SipUri;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipTls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owns one JAIN-SIP {@link SipStack}, its listening points and its provider. */
public final class JainSipStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JainSipStack.class);

    private final SipStack stack;
    private final List<SipBinding> bindings;
    private final RequestDispatcher dispatcher;
    private final Messages messages;
    private SourceGuard guard;
    private TlsContexts tls;

    private final OverloadShedder shedder;

    private JainSipStack(SipStack stack, List<SipBinding> bindings, RequestDispatcher dispatcher, Messages m,
            OverloadShedder shedder) {
        this.shedder = shedder;
        this.stack = stack;
        this.messages = m;
        this.bindings = List.copyOf(bindings);
        this.dispatcher = dispatcher;
    }

    public static JainSipStack start(SipSettings settings, SipEvents events) throws IOException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        SipStack stack;
        HeaderFactory headers;
        MessageFactory messages;
        TlsContexts tls;
        try {
            tls = new TlsContexts(settings.tls());
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        TlsNetworkLayer.prepare(settings.name(), tls);
        TlsRefusals.register(settings.name(), events, !settings.tls().listeners().isEmpty());
        try {
            stack = factory.createSipStack(stackProperties(settings));
            headers = factory.createHeaderFactory();
            messages = factory.createMessageFactory();
        } catch (PeerUnavailableException e) {
            TlsRefusals.unregister(settings.name());
            throw new IOException("cannot create the JAIN-SIP stack: " + e.getMessage(), e);
        } finally {
            TlsNetworkLayer.prepared(settings.name());
        }
        List<SipBinding> bound = new ArrayList<>();
        SourceGuard guardRef = null;
        SipProvider provider = null;
        OverloadShedder shedder = new OverloadShedder(settings.overload(), System.currentTimeMillis(),
                settings.userAgent(), events);
        CompactUdpProcessorFactory.prepare(settings.name(), shedder);
        try {
            for (SipBinding b : settings.bindings()) {
                ListeningPoint lp = stack.createListeningPoint(b.host(), b.port(), b.transport());
                if (provider == null) {
                    provider = stack.createSipProvider(lp);
                } else {
                    provider.addListeningPoint(lp);
                }
                bound.add(new SipBinding(lp.getTransport(), lp.getIPAddress(), lp.getPort()));
            }
            Messages m = new Messages(provider, headers, messages, factory.createAddressFactory(), settings.userAgent(),
                    settings.advertisedHost(), events);
            RequestScreen screen = new RequestScreen(provider, headers, messages, settings.userAgent(),
                    settings.security(), events);
            RequestDispatcher dispatcher = new RequestDispatcher(m, events, screen);
            guardRef = screen.guard();
            provider.addSipListener(dispatcher);
            stack.start();
            CompactUdpProcessorFactory.prepared(settings.name());
            JainSipStack s = new JainSipStack(stack, bound, dispatcher, m, shedder);
            s.guard = guardRef;
            s.tls = tls;
            return s;
        } catch (Exception e) {
            CompactUdpProcessorFactory.prepared(settings.name());
            TlsRefusals.unregister(settings.name());
            stack.stop();
            throw new IOException("cannot listen on " + describe(settings.bindings(), bound.size()) + ": "
                    + e.getMessage(), e);
        }
    }

    private static String describe(List<SipBinding> bindings, int failedIndex) {
        return failedIndex < bindings.size() ? bindings.get(failedIndex).toString() : bindings.toString();
    }

    /** What we ask of the kernel for each SIP UDP socket's receive buffer. */
    static final int UDP_RECEIVE_BUFFER = 8 << 20;
    static final int UDP_SEND_BUFFER = 1 << 20;

    private static Properties stackProperties(SipSettings settings) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", settings.name());
        // The B2BUA owns its dialogs; the stack must not create them on its own.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", NoMessageLog.class.getName());
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(settings.threads()));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(settings.maxMessageSize()));
        // JAIN-SIP's parser plus raw-text checks for RequestValidator (RFC 4475 torture cases).
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", ScreeningMessageParser.Factory.class.getName());
        // UDP receive without a fresh 64 KiB buffer per datagram (see CompactUdpProcessorFactory).
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", CompactUdpProcessorFactory.class.getName());
        // Transaction and dialog timers on a hashed wheel: O(1) schedule and cancel. The default,
        // a java.util.Timer, keeps every cancelled task in its heap until due (up to 32 s, tens of
        // thousands of entries under load) and was ~10 % of the daemon's CPU at 200 calls/s.
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", WheelSipTimer.class.getName());
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        // Bound the work one slow TCP peer can cause.
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "1000");
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "4096");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "100000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "100000");
        // In ticks of 500 ms (T1). It bounds how long our 2xx is retransmitted waiting for the ACK
        // (RFC 3261 §13.3.1.4: 64·T1), and how long the stack's check that we ACKed a 2xx we got
        // holds on to that dialog (it is never cancelled): at 64 every answered call's dialogs and
        // messages stayed 32 s, the bulk of the heap and of young-GC copying under load.
        // The stack's default UDP buffers are 64 KiB (128 KiB in the kernel): a few dozen datagrams.
        // A GC pause of 100-200 ms at a few hundred calls/s overflowed it, the kernel dropped
        // INVITEs, 200s and BYEs, and calls waited for retransmissions or failed over with 408.
        // The kernel caps these at net.core.rmem_max / wmem_max (see the start-up log).
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(UDP_RECEIVE_BUFFER));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(UDP_SEND_BUFFER));
        p.setProperty("gov.nist.javax.sip.DIALOG_TIMEOUT_FACTOR", Integer.toString(2 * settings.ackTimeoutSeconds()));
        // A finished transaction stays in the stack's table for a fixed "linger" (default 8 s, for
        // TCP connection reuse) after Timer J/K, and a terminated dialog as long again, each keeping
        // its messages reachable. 1 s: a late retransmission still finds them; what matches it for
        // 32 s is the transaction's own Timer J/L/M, which the linger does not touch.
        p.setProperty("gov.nist.javax.sip.LINGER_TIMER", "1");
        // The stack's default reference strategy (None): a transaction keeps its parsed request. The
        // alternatives cost more than they save: AGGRESSIVE_CLEANUP ("Normal") re-encodes each completed
        // transaction's request to bytes and parses it again when the transaction is removed (~4 % of
        // the daemon's CPU at 200 calls/s; without it -14 % CPU per call, bench/results/session13), and
        // "Aggressive" drops the request so that RFC 2543 matching (no branch cookie) throws a
        // NullPointerException in SIPServerTransactionImpl.isMessagePartOfTransaction.
        // TLS (OIO processors only: the RI's NIO TLS stalls in its handshake). Its defaults are
        // TLS 1.0-1.2 with one non-forward-secret suite, no handshake timeout and renegotiation on.
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", TlsNetworkLayer.class.getName());
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(", ", SipTls.PROTOCOLS));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(" ", SipTls.CIPHER_SUITES));
        // The stack's handshake watchdog closes finished connections too (it misses the handshake's
        // end): inbound handshakes are bounded by HandshakeBoundServerSocket, outbound by our
        // connect timeout and the transaction timers.
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "-1");
        p.setProperty("gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED", "false");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", settings.tls().clientCas().isEmpty() ? "Disabled"
                : "Enabled");
        return p;
    }

    public List<SipBinding> bindings() {
        return bindings;
    }

    /** The TLS settings in use (those at start, with the certificates and CAs of the last reload). */
    public io.softswitch.sip.SipTls tlsSettings() {
        return tls == null ? io.softswitch.sip.SipTls.NONE : tls.settings();
    }

    /**
     * New certificates and CA bundles for the tls listeners and outbound connections; open
     * connections keep theirs.
     */
    public void reloadTls(io.softswitch.sip.SipTls fresh) throws IOException {
        try {
            tls.reload(fresh);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot reload TLS certificates: " + e.getMessage(), e);
        }
    }

    public void setHandler(SipHandler handler) {
        dispatcher.setHandler(handler);
        shedder.followHandler(handler::overloaded);
    }

    /** Sends an INVITE; the returned leg reports progress to {@code listener}. */
    public OutboundLeg dial(OutboundRequest request, OutboundListener listener) throws IOException {
        UacLeg leg = new UacLeg(messages, request, listener);
        try {
            leg.start();
        } catch (Exception e) {
            throw new IOException("cannot send INVITE to " + request.target() + ": " + e.getMessage(), e);
        }
        return leg;
    }

    /** Sends an out-of-dialog OPTIONS (a health probe) and reports the final response or 408/503. */
    public void probe(SipUri target, java.util.function.Consumer<io.softswitch.sip.ProbeOutcome> onFinal) {
        Probe.send(messages, target, onFinal);
    }

    /** A digest failure from {@code ip}: enough in a row block the source (brute-force defence). */
    public void authFailed(java.net.InetAddress ip) {
        if (guard != null) {
            guard.authFailed(ip);
        }
    }

    public void authSucceeded(java.net.InetAddress ip) {
        if (guard != null) {
            guard.authSucceeded(ip);
        }
    }

    public void stopAccepting(java.time.Duration retryAfter) {
        dispatcher.stopAccepting(retryAfter);
    }

    @Override
    public void close() {
        LOG.debug("stopping SIP stack");
        stopStack();
        TlsRefusals.unregister(stack.getStackName());
    }

    /**
     * Stops the RI, working around a start/stop race of RI 1.3.0-91: {@code UDPMessageProcessor}
     * creates its channel list on its own thread ({@code run()}), so a stop that comes right after
     * the start (a test, or a start that fails just after binding) can find it null and throw
     * before the rest of the stack (other processors, timers, pools) is stopped. The socket is
     * closed by then; once that thread has run, a second stop completes.
     */
    private void stopStack() {
        for (int attempt = 1; ; attempt++) {
            try {
                stack.stop();
                return;
            } catch (NullPointerException e) {
                if (attempt == 10) {
                    LOG.warn("SIP stack did not stop cleanly: {}", e.toString());
                    return;
                }
                LOG.debug("SIP stack stop raced its UDP receiver's start (attempt {}): retrying", attempt);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

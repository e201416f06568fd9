package io.softswitch.sip.internal;

import io.softswitch.sip.ProbeOutcome;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.address.SipURI;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An out-of-dialog OPTIONS health probe (RFC 3261 §11) and its outcome. */
final class Probe {
    private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

    private final Consumer<ProbeOutcome> onFinal;
    private final AtomicBoolean done = new AtomicBoolean();

    private Probe(Consumer<ProbeOutcome> onFinal) {
        this.onFinal = onFinal;
    }

    static void send(Messages m, SipUri target, Consumer<ProbeOutcome> onFinal) {
        Probe probe = new Probe(onFinal);
        try {
            String transport = target.transportOrUdp();
            ListeningPoint lp = m.listeningPoint(transport);
            SipURI ruri = m.addresses.createSipURI(null, target.host());
            if (target.port() > 0) {
                ruri.setPort(target.port());
            }
            if (target.transport() != null) {
                ruri.setTransportParam(target.transport());
            }
            SipURI fromUri = m.addresses.createSipURI("softswitch", m.hostOf(lp));
            ViaHeader via = m.headers.createViaHeader(m.hostOf(lp), lp.getPort(), lp.getTransport(), null);
            via.setRPort();
            Request options = m.messages.createRequest(ruri, Request.OPTIONS, m.provider.getNewCallId(),
                    m.headers.createCSeqHeader(1L, Request.OPTIONS),
                    m.headers.createFromHeader(m.addresses.createAddress(fromUri), Tags.newTag()),
                    m.headers.createToHeader(m.addresses.createAddress(ruri), null),
                    new ArrayList<>(List.of(via)), m.headers.createMaxForwardsHeader(70));
            options.addHeader(m.headers.createUserAgentHeader(List.of(m.userAgent)));
            ClientTransaction ct = m.provider.getNewClientTransaction(options);
            ct.setApplicationData(probe);
            ct.sendRequest();
        } catch (Exception e) {
            LOG.debug("probe to {} not sent: {}", target, e.toString());
            probe.complete(new ProbeOutcome.NotSent(e.toString()));
        }
    }

    void onResponse(Response response) {
        if (response.getStatusCode() < 200) {
            return;
        }
        List<io.softswitch.sip.SipHeader> headers = new ArrayList<>();
        RetryAfterHeader ra = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        if (ra != null) {
            headers.add(new io.softswitch.sip.SipHeader("Retry-After", Integer.toString(ra.getRetryAfter())));
        }
        complete(new ProbeOutcome.Answered(new SipReply(Messages.statusOf(response), null, headers)));
    }

    void onTimeout() {
        complete(new ProbeOutcome.Answered(SipReply.of(SipStatus.REQUEST_TIMEOUT)));
    }

    private void complete(ProbeOutcome reply) {
        if (done.compareAndSet(false, true)) {
            try {
                onFinal.accept(reply);
            } catch (RuntimeException e) {
                LOG.warn("probe callback failed: {}", e.toString());
            }
        }
    }
}

package io.softswitch.sip.internal;

import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.Leg;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.auth.DigestClient;
import java.util.List;
import java.util.ArrayList;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ListeningPoint;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAC side of a call: our INVITE to a gateway. States: {@code CALLING} -> {@code EARLY}
 * (provisional) -> {@code ANSWERED} (2xx, ACK sent) or {@code FAILED}/{@code CANCELLED}.
 * A 2xx that crosses our CANCEL is acknowledged and immediately ended with BYE (RFC 3261 §9.1).
 */
final class UacLeg extends AbstractLeg implements OutboundLeg {
    private static final Logger LOG = LoggerFactory.getLogger(UacLeg.class);

    enum State { CALLING, EARLY, ANSWERED, FAILED, CANCELLED }

    private final OutboundRequest spec;
    private volatile OutboundListener outListener;
    private State state = State.CALLING;
    private ClientTransaction inviteTx;
    /** The INVITE sent last, for a CANCEL or an authenticated retry; dropped at the final response. */
    private Request lastInvite;
    private long inviteSeq;
    /** Our ACK of the 2xx, sent again for each retransmitted 2xx; dropped once the dialog ends by BYE. */
    private Request lastAck;
    private boolean acked;
    private boolean cancelWanted;
    private boolean authTried;
    private boolean provisionalSeen; // any 1xx, 100 included: from then on CANCEL may be sent

    UacLeg(Messages m, OutboundRequest spec, OutboundListener listener) {
        super(m, "B", spec.target().transportOrUdp());
        this.spec = spec;
        this.outListener = listener;
        setListener(listener);
    }

    @Override
    public void release() {
        outListener = RELEASED;
        listener = RELEASED;
    }

    /** What a released leg does with a late INVITE outcome: an answer nobody wants is taken and hung up. */
    private static final OutboundListener RELEASED = new OutboundListener() {
        @Override
        public void onProvisional(OutboundLeg leg, SipStatus status, SipBody body) {
        }

        @Override
        public void onAnswered(OutboundLeg leg, SipBody body) {
            leg.ack(null);
            leg.hangup();
        }

        @Override
        public void onFailed(OutboundLeg leg, SipReply reply) {
        }

        @Override
        public void onRequest(Leg leg, InDialogRequest request) {
            RELEASED_LISTENER.onRequest(leg, request);
        }

        @Override
        public void onBye(Leg leg) {
        }
    };

    void start() throws Exception {
        ListeningPoint lp = m.listeningPoint(transport);
        SipURI ruri = m.addresses.createSipURI(spec.calledUser(), spec.target().host());
        SipURI toUri = (SipURI) ruri.clone(); // the same URI without port and transport; a copy costs a fifth of a parse
        if (spec.target().port() > 0) {
            ruri.setPort(spec.target().port());
        }
        if (spec.target().transport() != null) {
            ruri.setTransportParam(spec.target().transport());
        }
        SipURI fromUri = m.addresses.createSipURI(spec.callingUser(), m.hostOf(lp));
        javax.sip.address.Address fromAddr = m.addresses.createAddress(fromUri);
        if (spec.callingName() != null && !spec.callingName().isBlank()) {
            fromAddr.setDisplayName(spec.callingName());
        }
        FromHeader from = m.headers.createFromHeader(fromAddr, Tags.newTag());
        ToHeader to = m.headers.createToHeader(m.addresses.createAddress(toUri), null);
        CallIdHeader callId = m.provider.getNewCallId();
        ViaHeader via = m.headers.createViaHeader(m.hostOf(lp), lp.getPort(), lp.getTransport(), null);
        via.setRPort();
        Request invite = m.messages.createRequest(ruri, Request.INVITE, callId,
                m.headers.createCSeqHeader(1L, Request.INVITE), from, to, new ArrayList<>(List.of(via)),
                m.headers.createMaxForwardsHeader(spec.maxForwards()));
        invite.addHeader(m.contact(transport));
        invite.addHeader(m.headers.createUserAgentHeader(List.of(m.userAgent)));
        invite.addHeader(m.headers.createAllowHeader("INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE"));
        m.addHeaders(invite, spec.headers());
        m.setBody(invite, spec.body());
        send(invite);
    }

    private void send(Request invite) throws Exception {
        ClientTransaction ct = m.provider.getNewClientTransaction(invite);
        ct.setApplicationData(this);
        Dialog d = m.provider.getNewDialog(ct);
        d.setApplicationData(this);
        synchronized (this) {
            inviteTx = ct;
            lastInvite = invite;
            inviteSeq = ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog = d;
        }
        ct.sendRequest();
    }

    void onInviteResponse(Response response, ClientTransaction ct) {
        int status = response.getStatusCode();
        SipBody body = Messages.bodyOf(response);
        if (status < 200) {
            boolean sendCancel;
            synchronized (this) {
                if (ct != inviteTx) {
                    return;
                }
                provisionalSeen = true;
                if (state == State.CALLING && status > 100) {
                    state = State.EARLY;
                }
                sendCancel = cancelWanted && state != State.CANCELLED;
                if (sendCancel) {
                    state = State.CANCELLED;
                }
            }
            if (sendCancel) {
                sendCancel(ct);
                return;
            }
            outListener.onProvisional(this, Messages.statusOf(response), body);
            return;
        }
        if (status < 300) {
            onSuccess(response, body);
            return;
        }
        if ((status == 401 || status == 407) && tryAuthenticate(response, ct)) {
            return;
        }
        boolean report;
        synchronized (this) {
            if (ct != inviteTx) {
                return;
            }
            report = state != State.CANCELLED;
            state = report ? State.FAILED : state;
            lastInvite = null;
        }
        terminated = true;
        if (report) {
            outListener.onFailed(this, new SipReply(Messages.statusOf(response), body, List.of()));
        }
    }

    private void onSuccess(Response response, SipBody body) {
        State before;
        synchronized (this) {
            before = state;
            if (before == State.ANSWERED) {
                // A retransmitted 2xx: our ACK was lost.
                resendAck();
                return;
            }
            state = before == State.CANCELLED ? State.CANCELLED : State.ANSWERED;
            lastInvite = null;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (before == State.CANCELLED || cancelWanted) {
            // The 2xx crossed our CANCEL: complete the handshake and hang up at once.
            synchronized (this) {
                state = State.ANSWERED;
            }
            ack(null);
            sendBye();
            return;
        }
        if (spec.body() != null) {
            // Early offer: the ACK carries nothing, so send it now, on this SIP thread, rather than
            // after the engine's round trip. A late ACK makes the far end retransmit its 2xx, and
            // JAIN-SIP matches each stray 2xx by scanning every client transaction.
            ack(null);
        }
        if (cseq != null) {
            outListener.onAnswered(this, body);
        }
    }

    @Override
    public void ack(SipBody body) {
        Dialog d = dialog;
        long seq;
        synchronized (this) {
            if (acked) {
                return; // already acknowledged (early offer: at once on receipt of the 2xx)
            }
            acked = true;
            seq = inviteSeq;
        }
        try {
            Request ack = d.createAck(seq);
            m.setBody(ack, body);
            synchronized (this) {
                if (!terminated) {
                    lastAck = ack;
                }
            }
            d.sendAck(ack);
            AckWait.sent(d, m.provider.getSipStack());
        } catch (Exception e) {
            LOG.debug("{}: cannot ACK: {}", id, e.toString());
        }
    }

    /** A 2xx retransmission that arrived after the INVITE transaction ended. */
    void onStray2xx() {
        boolean answered;
        synchronized (this) {
            answered = state == State.ANSWERED;
        }
        if (answered) {
            resendAck();
        }
    }

    @Override
    void onDialogEnded() {
        // A BYE either way: a 2xx still retransmitted meets the BYE, which ends that dialog too.
        synchronized (this) {
            lastAck = null;
        }
    }

    private void resendAck() {
        Request ack;
        synchronized (this) {
            ack = lastAck;
        }
        if (ack != null) {
            try {
                dialog.sendAck(ack);
            } catch (Exception e) {
                LOG.debug("{}: cannot resend ACK: {}", id, e.toString());
            }
        }
    }

    /** Answers a 401/407 once with the configured credentials (RFC 3261 §22.2). */
    private boolean tryAuthenticate(Response response, ClientTransaction ct) {
        if (spec.authUser() == null || spec.authPassword() == null) {
            return false;
        }
        synchronized (this) {
            if (authTried || ct != inviteTx || state == State.CANCELLED || cancelWanted) {
                return false;
            }
            authTried = true;
        }
        try {
            boolean proxy = response.getStatusCode() == 407;
            WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) response.getHeader(
                    proxy ? "Proxy-Authenticate" : "WWW-Authenticate");
            if (challenge == null) {
                return false;
            }
            Request invite = (Request) lastInvite.clone();
            CSeqHeader cseq = (CSeqHeader) invite.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ViaHeader via = (ViaHeader) invite.getHeader(ViaHeader.NAME);
            via.removeParameter("branch");
            String uri = invite.getRequestURI().toString();
            String value = DigestClient.authorization(challenge.toString().substring(challenge.toString().indexOf(':') + 1).trim(),
                    spec.authUser(), spec.authPassword(), Request.INVITE, uri);
            if (value == null) {
                return false;
            }
            invite.removeHeader(proxy ? "Proxy-Authorization" : AuthorizationHeader.NAME);
            invite.addHeader(m.headers.createHeader(proxy ? "Proxy-Authorization" : AuthorizationHeader.NAME, value));
            send(invite);
            return true;
        } catch (Exception e) {
            LOG.debug("{}: cannot answer challenge: {}", id, e.toString());
            return false;
        }
    }

    @Override
    public void cancel() {
        ClientTransaction ct;
        synchronized (this) {
            if (state == State.ANSWERED || state == State.FAILED || state == State.CANCELLED) {
                return;
            }
            cancelWanted = true;
            if (state == State.CALLING && !provisionalSeen) {
                // RFC 3261 §9.1: no CANCEL before a provisional response; it goes out on the first 1xx.
                // If none ever comes, the transaction times out (Timer B) without bothering anyone.
                terminated = true;
                return;
            }
            state = State.CANCELLED;
            ct = inviteTx;
        }
        terminated = true;
        sendCancel(ct);
    }

    private void sendCancel(ClientTransaction ct) {
        terminated = true;
        try {
            Request cancel = ct.createCancel();
            ClientTransaction cct = m.provider.getNewClientTransaction(cancel);
            cct.setApplicationData(new PendingRequest(this, r -> { }));
            cct.sendRequest();
        } catch (Exception e) {
            LOG.debug("{}: cannot CANCEL: {}", id, e.toString());
        }
    }

    @Override
    public void hangup() {
        State s;
        synchronized (this) {
            s = state;
        }
        if (s == State.ANSWERED) {
            sendBye();
        } else {
            cancel();
        }
    }

    @Override
    void onTimeout(Object applicationData) {
        if (applicationData instanceof PendingRequest p) {
            p.complete(SipReply.of(SipStatus.REQUEST_TIMEOUT));
            return;
        }
        boolean report;
        synchronized (this) {
            report = state == State.CALLING || state == State.EARLY;
            if (report) {
                state = State.FAILED;
            }
        }
        terminated = true;
        if (report && !cancelWanted) {
            outListener.onFailed(this, SipReply.of(SipStatus.REQUEST_TIMEOUT));
        }
    }

    /** A transport error before any response (connection refused, unreachable). */
    void onTransportError() {
        boolean report;
        synchronized (this) {
            report = state == State.CALLING;
            if (report) {
                state = State.FAILED;
            }
        }
        terminated = true;
        if (report && !cancelWanted) {
            outListener.onFailed(this, SipReply.of(SipStatus.SERVICE_UNAVAILABLE));
        }
    }
}

package io.softswitch.core.call;

import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.LegListener;
import io.softswitch.sip.SipAddress;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Leg A of a call the switch places ({@link Origination}): no SIP dialog, the switch's own media
 * endpoint. To {@link Call} it looks like a PBX's INVITE carrying the endpoint's offer, so the call
 * runs the engine's one path (attempts, failover, carrier limits, relay, record); what the call does
 * to it (ringing, answer, end) goes to the {@link OriginationListener}. Used on the call's stripe only.
 */
final class LocalLeg implements InboundLeg {
    private static final InetSocketAddress LOCAL = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);

    private final String sid;
    private final SipRequest invite;
    private final String offerSdp;
    private final OriginationListener listener;
    private LegListener legListener;
    private boolean terminated;
    private boolean ringing;

    LocalLeg(String sid, String from, String to, String offerSdp, OriginationListener listener) {
        this.sid = sid;
        this.offerSdp = offerSdp;
        this.listener = listener;
        this.invite = new SipRequest("INVITE", to, "local", new SipAddress(null, from, "local"),
                new SipAddress(null, to, "local"), null, LOCAL, "local", 70, Map.of(), SipBody.sdp(offerSdp));
    }

    @Override
    public SipRequest invite() {
        return invite;
    }

    @Override
    public void provisional(SipStatus status, SipBody body) {
        if (!ringing || body != null) {
            ringing = true;
            listener.ringing(body != null && body.isSdp() ? body.content() : null);
        }
    }

    @Override
    public void answer(SipBody body) {
        listener.answered(body == null ? null : body.content());
    }

    @Override
    public void reject(SipStatus status, List<SipHeader> headers) {
        terminated = true;
    }

    @Override
    public String id() {
        return sid;
    }

    @Override
    public String callId() {
        return null;
    }

    @Override
    public void setListener(LegListener listener) {
        this.legListener = listener;
    }

    /**
     * A request the far end sent in the dialog (a session refresh, a re-INVITE): the endpoint's media
     * does not move, so its offer answers any new offer as it is.
     */
    @Override
    public void request(String method, SipBody body, Consumer<SipReply> onFinal) {
        if (terminated) {
            onFinal.accept(SipReply.of(SipStatus.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        boolean offer = body != null && body.isSdp() && ("INVITE".equals(method) || "UPDATE".equals(method));
        onFinal.accept(new SipReply(SipStatus.OK, offer ? SipBody.sdp(offerSdp) : null, List.of()));
    }

    @Override
    public void hangup() {
        terminated = true;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void release() {
    }

    /** See {@link OriginationListener#redirect}; any thread. */
    boolean redirect(TwimlSource source) {
        return listener.redirect(source);
    }

    void ended(CallStatus status, int sipCode, Instant answeredAt, HangupBy by) {
        terminated = true;
        listener.ended(status, sipCode, answeredAt, by);
    }
}

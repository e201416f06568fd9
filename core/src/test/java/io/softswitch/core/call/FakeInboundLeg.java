package io.softswitch.core.call;

import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.LegListener;
import io.softswitch.sip.SipAddress;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The caller's leg: records what the call sends to the PBX; the test plays the PBX through {@link #listener}. */
final class FakeInboundLeg implements InboundLeg {
    final SipRequest invite;
    /** What went to the PBX, in order: {@code 180 Ringing}, {@code 200 <sdp>}, {@code 487 ...}, {@code BYE}. */
    final List<String> sent = new ArrayList<>();
    LegListener listener;
    boolean terminated;
    boolean released;
    SipBody answer;
    List<SipHeader> rejectHeaders = List.of();

    FakeInboundLeg(SipBody body) {
        this.invite = new SipRequest("INVITE", "+14155550100", "pbx.example", new SipAddress(null, "+14155550199",
                "pbx.example"), new SipAddress(null, "+14155550100", "pbx.example"), "a-call-id",
                new java.net.InetSocketAddress("192.0.2.10", 5060),
                "udp", 70, Map.of(), body);
    }

    static FakeInboundLeg withOffer() {
        return new FakeInboundLeg(SipBody.sdp("sdp-from-pbx"));
    }

    static FakeInboundLeg lateOffer() {
        return new FakeInboundLeg(null);
    }

    @Override
    public SipRequest invite() {
        return invite;
    }

    @Override
    public void provisional(SipStatus status, SipBody body) {
        sent.add(status + (body == null ? "" : " " + body.content()));
    }

    @Override
    public void answer(SipBody body) {
        answer = body;
        sent.add("200 " + (body == null ? "" : body.content()));
    }

    @Override
    public void reject(SipStatus status, List<SipHeader> headers) {
        rejectHeaders = headers;
        terminated = true;
        sent.add(status.toString());
    }

    @Override
    public String id() {
        return "A1";
    }

    @Override
    public String callId() {
        return invite.callId();
    }

    @Override
    public void setListener(LegListener listener) {
        this.listener = listener;
    }

    @Override
    public void request(String method, SipBody body, Consumer<SipReply> onFinal) {
        sent.add(method);
        onFinal.accept(SipReply.of(SipStatus.OK));
    }

    @Override
    public void hangup() {
        if (!terminated) {
            terminated = true;
            sent.add(answer != null ? "BYE" : "487 Request Terminated");
        }
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void release() {
        released = true;
    }

    /** The PBX cancels (the leg has answered 487 itself, as the stack does). */
    void cancel() {
        terminated = true;
        listener.onCancel(this);
    }

    void ack(SipBody body) {
        listener.onAck(this, body);
    }

    void bye() {
        terminated = true;
        listener.onBye(this);
    }

    void request(InDialogRequest request) {
        listener.onRequest(this, request);
    }
}

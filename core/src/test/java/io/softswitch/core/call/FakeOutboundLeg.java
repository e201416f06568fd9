package io.softswitch.core.call;

import io.softswitch.sip.LegListener;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A leg to a gateway: records what the call sends it ({@code ACK}, {@code CANCEL}, {@code BYE}); the
 * test plays the gateway by calling {@link #ringing}, {@link #answer}, {@link #fail}. Like the real
 * leg it keeps reporting to the call's listener after a release only when the test says the event
 * was already under way ({@link #listener} is the call's own).
 */
final class FakeOutboundLeg implements OutboundLeg {
    final String id;
    final OutboundRequest request;
    final OutboundListener listener;
    final List<String> sent = new ArrayList<>();
    boolean terminated;
    boolean released;
    boolean answered;

    FakeOutboundLeg(String id, OutboundRequest request, OutboundListener listener) {
        this.id = id;
        this.request = request;
        this.listener = listener;
    }

    void trying() {
        listener.onProvisional(this, SipStatus.TRYING, null);
    }

    void ringing(SipBody earlyMedia) {
        listener.onProvisional(this, earlyMedia == null ? SipStatus.RINGING : SipStatus.SESSION_PROGRESS, earlyMedia);
    }

    void answer(SipBody body) {
        answered = true;
        listener.onAnswered(this, body);
    }

    void fail(SipStatus status) {
        terminated = true;
        listener.onFailed(this, SipReply.of(status));
    }

    void bye() {
        terminated = true;
        listener.onBye(this);
    }

    @Override
    public void ack(SipBody body) {
        sent.add(body == null ? "ACK" : "ACK " + body.content());
    }

    @Override
    public void cancel() {
        if (!answered && !terminated) {
            sent.add("CANCEL");
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String callId() {
        return id + "-call-id";
    }

    @Override
    public void setListener(LegListener listener) {
        throw new UnsupportedOperationException("the dialer sets an outbound leg's listener");
    }

    @Override
    public void request(String method, SipBody body, Consumer<SipReply> onFinal) {
        sent.add(method);
        onFinal.accept(SipReply.of(SipStatus.OK));
    }

    @Override
    public void hangup() {
        if (terminated) {
            return;
        }
        terminated = true;
        sent.add(answered ? "BYE" : "CANCEL");
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void release() {
        released = true;
    }
}

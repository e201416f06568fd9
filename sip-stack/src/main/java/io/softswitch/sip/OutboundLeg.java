package io.softswitch.sip;

/** A leg we created by sending an INVITE (we are its UAC). */
public interface OutboundLeg extends Leg {
    /** Acknowledges the 2xx reported by {@link OutboundListener#onAnswered}; the body is the late offer's answer. */
    void ack(SipBody body);

    /** Cancels the pending INVITE (no-op once a final response arrived). */
    void cancel();
}

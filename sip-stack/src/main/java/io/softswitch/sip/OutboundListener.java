package io.softswitch.sip;

/**
 * Progress of an outbound INVITE. Called on SIP stack threads, in the order the responses arrived
 * (a 180 before the 200 it preceded); must not block (see {@link LegListener}).
 */
public interface OutboundListener extends LegListener {
    /** 18x (and 100, which is reported so failover timers can see the gateway is alive). */
    void onProvisional(OutboundLeg leg, SipStatus status, SipBody body);

    /** A 2xx: the engine must call {@link OutboundLeg#ack} (with the answer when the 2xx carried the offer). */
    void onAnswered(OutboundLeg leg, SipBody body);

    /**
     * A final failure: a non-2xx final response, {@code 408} when the transaction timed out, or
     * {@code 503} on a transport error. Challenges we could answer with configured credentials
     * are answered by the leg and never reported here.
     */
    void onFailed(OutboundLeg leg, SipReply reply);
}

package io.softswitch.sip;

/**
 * What the peer of a {@link Leg} does. Called on SIP stack threads, in the order the peer's messages
 * arrived (over UDP one thread handles every message of a Call-ID); must not block: that thread
 * handles the messages of every other call hashed to it too, and a blocked one stalls them all.
 */
public interface LegListener {
    /** An in-dialog request other than ACK, CANCEL and BYE (re-INVITE, UPDATE, INFO, OPTIONS). */
    void onRequest(Leg leg, InDialogRequest request);

    /** The peer hung up with BYE (already answered 200). */
    void onBye(Leg leg);

    /** The ACK for our 2xx to an inbound INVITE, with its body (late offer's answer), or null. */
    default void onAck(Leg leg, SipBody body) {
    }

    /** The peer cancelled its pending INVITE ({@code 487} already sent). */
    default void onCancel(Leg leg) {
    }

    /** The leg died without a SIP end: no ACK for our 2xx, transport error, timeout of a request. */
    default void onLost(Leg leg, String why) {
    }
}

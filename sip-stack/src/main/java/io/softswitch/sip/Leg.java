package io.softswitch.sip;

import java.util.function.Consumer;

/**
 * One side of a call: a SIP dialog we hold with a PBX or a carrier. The call engine joins two legs;
 * nothing of one leg (Call-ID, tags, Via, Contact) is ever copied to the other.
 *
 * <p>Methods may be called from any thread and never block; results and peer requests arrive on
 * the {@link LegListener}, on SIP stack threads (the engine re-serializes them per call).
 */
public interface Leg {
    /** A short id for logs (not the Call-ID). */
    String id();

    /** The Call-ID of this leg's dialog, for the CDR. */
    String callId();

    void setListener(LegListener listener);

    /**
     * Sends an in-dialog request (re-INVITE, UPDATE, INFO, OPTIONS) and reports its final response.
     * A re-INVITE's 2xx is acknowledged by the leg itself. Fails with 481 when the dialog is gone.
     */
    void request(String method, SipBody body, Consumer<SipReply> onFinal);

    /**
     * Ends the leg by the right means for its state: BYE once confirmed, CANCEL while an outbound
     * INVITE is pending, {@code 487} (or the given code) while an inbound INVITE is unanswered.
     * Idempotent.
     */
    void hangup();

    /** True once the dialog is terminated (BYE sent or received, failed, cancelled). */
    boolean isTerminated();

    /**
     * The caller is done with this leg: the leg forgets its listeners. The stack keeps a finished
     * dialog and its transactions for up to 32 s to absorb retransmissions; after this they no
     * longer hold the call (without it every call's state lived that long, most of the GC work at
     * a few hundred calls/s). Requests that still arrive are answered as in a dead dialog; a 2xx
     * that still arrives for an outbound INVITE is acknowledged and hung up. Idempotent.
     */
    void release();
}

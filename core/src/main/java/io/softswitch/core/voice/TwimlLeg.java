package io.softswitch.core.voice;

import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipStatus;
import java.util.List;

/**
 * The signalling side of a call that runs TwiML: the caller's inbound leg (a call to a number), or
 * the switch's own outbound call once answered (Calls API). Any thread; each method at most once
 * matters.
 */
interface TwimlLeg {
    /** Answers the call (200 OK with the endpoint's SDP); no-op for a call already answered. */
    void answer();

    /** Ends the call: BYE once answered, else refuses it ({@code 480}). */
    void hangup();

    /** Refuses the unanswered call with {@code status}. */
    void reject(SipStatus status);

    /** Whether the call is over on the signalling side. */
    boolean isTerminated();

    /** A caller's inbound leg answered with {@code answerSdp}. */
    static TwimlLeg of(InboundLeg leg, String answerSdp) {
        return new TwimlLeg() {
            @Override
            public void answer() {
                leg.answer(SipBody.sdp(answerSdp));
            }

            @Override
            public void hangup() {
                leg.hangup();
            }

            @Override
            public void reject(SipStatus status) {
                leg.reject(status, List.of());
            }

            @Override
            public boolean isTerminated() {
                return leg.isTerminated();
            }
        };
    }
}

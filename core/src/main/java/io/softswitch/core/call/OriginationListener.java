package io.softswitch.core.call;

import java.time.Instant;

/**
 * What happens to a call the switch places ({@link CallEngine#originate}). Called on the call's
 * stripe, in order (ringing and answered at most once each, ended exactly once, last): hand work
 * off, never block.
 */
public interface OriginationListener {
    /** The far end rings (180) or sends early media (183 with SDP: {@code earlyMediaSdp}, else null). */
    default void ringing(String earlyMediaSdp) {
    }

    /** The far end answered; {@code sdp} says where the local side's media goes (the relay). */
    default void answered(String sdp) {
    }

    /**
     * The REST API gives the call new TwiML ({@code Url}/{@code Twiml} on {@code POST Calls/{Sid}}).
     * Unlike the others, called on an API thread. False when the call runs no TwiML (a
     * {@code <Dial>}'s child): nothing is done.
     */
    default boolean redirect(TwimlSource source) {
        return false;
    }

    /**
     * The call is over (its record is written with the same values).
     *
     * @param sipCode    the far end's final response when unanswered (200 when answered)
     * @param answeredAt null when never answered
     */
    void ended(CallStatus status, int sipCode, Instant answeredAt, HangupBy by);
}

package io.softswitch.core.call;

import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.SipStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Calls answered by a TwiML application instead of a trunk (issue 18). The engine hands the
 * inbound leg over; the application owns it (its listener, answer, reject, BYE) until it reports
 * the {@link Outcome} once, on any thread.
 */
public interface VoiceApps {
    /** No voice engine configured: such calls are refused {@code 503}. */
    VoiceApps NONE = (callSid, leg, twiml, done) -> {
        leg.reject(SipStatus.SERVICE_UNAVAILABLE.withReason("Programmable Voice Not Available"), List.of());
        done.accept(new Outcome(false, null, SipStatus.SERVICE_UNAVAILABLE.code(), HangupBy.SYSTEM));
        return Control.NONE;
    };

    /** Starts the application on {@code leg}; the returned control acts on it while it runs. */
    Control start(String callSid, InboundLeg leg, Decision.Twiml twiml, Consumer<Outcome> done);

    /**
     * What the REST API can do to a running application (issue 19). Any thread; each returns at
     * once; after the application reported its outcome both are no-ops.
     */
    interface Control {
        /** An application that has already ended (refused before it started). */
        Control NONE = new Control() {
            @Override
            public void hangUp(HangupBy by) {
            }

            @Override
            public void redirect(TwimlSource source) {
            }
        };

        /** When the application answered the call; null while it rings. */
        default Instant answeredAt() {
            return null;
        }

        /** The SRTP suite of the caller's media ({@code AES_CM_128_HMAC_SHA1_80}...), null for plain RTP. */
        default String srtpSuite() {
            return null;
        }

        /** Ends the call: BYE when answered, {@code 487} before; the outcome names {@code by}. */
        void hangUp(HangupBy by);

        /** Stops the verb in progress and runs {@code source}'s TwiML instead. */
        void redirect(TwimlSource source);
    }

    /**
     * How the call ended.
     *
     * @param answered whether it was answered (then {@code answeredAt} is set)
     * @param sipCode  the final response when it was not answered
     */
    record Outcome(boolean answered, Instant answeredAt, int sipCode, HangupBy by) {
    }
}

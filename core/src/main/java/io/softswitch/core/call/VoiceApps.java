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
    };

    void start(String callSid, InboundLeg leg, Decision.Twiml twiml, Consumer<Outcome> done);

    /**
     * How the call ended.
     *
     * @param answered whether it was answered (then {@code answeredAt} is set)
     * @param sipCode  the final response when it was not answered
     */
    record Outcome(boolean answered, Instant answeredAt, int sipCode, HangupBy by) {
    }
}

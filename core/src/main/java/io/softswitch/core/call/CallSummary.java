package io.softswitch.core.call;

import java.time.Instant;

/**
 * Everything known about a finished call, handed to {@link CallEvents#callEnded} exactly once per
 * call (the CDR).
 *
 * @param sid         {@code CA...}
 * @param sipCallId   Call-ID of the inbound leg
 * @param answerTime  null when never answered
 * @param sipCode     final SIP code returned to the caller (200 for answered calls)
 * @param hangupBy    who ended the call
 * @param attempts    outbound attempts made
 * @param parentCallSid the call whose {@code <Dial>} placed this one, or null
 */
public record CallSummary(String sid, Direction direction, String accountSid, String trunk, String from, String to,
        CallStatus status, Instant startTime, Instant answerTime, Instant endTime, String sipCallId, String carrier,
        String gateway, int attempts, int sipCode, HangupBy hangupBy, MediaSummary media, String parentCallSid) {

    /** A call without parent (every call but a {@code <Dial>}'s child). */
    public CallSummary(String sid, Direction direction, String accountSid, String trunk, String from, String to,
            CallStatus status, Instant startTime, Instant answerTime, Instant endTime, String sipCallId, String carrier,
            String gateway, int attempts, int sipCode, HangupBy hangupBy, MediaSummary media) {
        this(sid, direction, accountSid, trunk, from, to, status, startTime, answerTime, endTime, sipCallId, carrier,
                gateway, attempts, sipCode, hangupBy, media, null);
    }

    /** Whole seconds between answer and end (Twilio's {@code duration}), 0 when unanswered. */
    public long durationSeconds() {
        return answerTime == null ? 0 : Math.max(0, endTime.getEpochSecond() - answerTime.getEpochSecond());
    }
}

package io.softswitch.core.call;

import java.time.Instant;

/**
 * A call in progress as the console's Live page and the REST API show it: a read-only snapshot
 * taken from another thread than the call's, so a field may lag the call by one event.
 *
 * @param state         {@code routing}, {@code attempting}, {@code answered} ({@code queued} for an
 *                      API call not sent yet)
 * @param answerTime    null until answered
 * @param direction     Twilio's {@code direction} ({@code trunking-originating}, {@code inbound},
 *                      {@code outbound-api}...)
 * @param parentCallSid null unless the call is a leg another call dialed
 * @param media         per-leg statistics so far, null without a relay session (yet)
 */
public record LiveCall(String sid, String accountSid, String from, String to, String trunk, String carrier,
        String gateway, String state, Instant startTime, Instant answerTime, String sipCallId, String direction,
        String parentCallSid, LiveMedia media) {

    /** A snapshot of a call without a parent, as trunk and number calls are. */
    public LiveCall(String sid, String accountSid, String from, String to, String trunk, String carrier,
            String gateway, String state, Instant startTime, Instant answerTime, String sipCallId) {
        this(sid, accountSid, from, to, trunk, carrier, gateway, state, startTime, answerTime, sipCallId, null, null,
                null);
    }

    /** A snapshot without media statistics. */
    public LiveCall(String sid, String accountSid, String from, String to, String trunk, String carrier,
            String gateway, String state, Instant startTime, Instant answerTime, String sipCallId, String direction,
            String parentCallSid) {
        this(sid, accountSid, from, to, trunk, carrier, gateway, state, startTime, answerTime, sipCallId, direction,
                parentCallSid, null);
    }

    /** A snapshot of a call without a parent, with its media statistics. */
    public LiveCall(String sid, String accountSid, String from, String to, String trunk, String carrier,
            String gateway, String state, Instant startTime, Instant answerTime, String sipCallId, LiveMedia media) {
        this(sid, accountSid, from, to, trunk, carrier, gateway, state, startTime, answerTime, sipCallId, null, null,
                media);
    }

    /** Twilio's {@code status} of a call that is up: {@code queued}, {@code ringing} or {@code in-progress}. */
    public String twilioStatus() {
        return switch (state) {
            case "answered" -> "in-progress";
            case "queued" -> "queued";
            default -> "ringing";
        };
    }

    /** Whole seconds since the answer (Twilio's {@code duration} so far), 0 before it. */
    public long durationSeconds(Instant now) {
        return answerTime == null ? 0 : Math.max(0, now.getEpochSecond() - answerTime.getEpochSecond());
    }
}

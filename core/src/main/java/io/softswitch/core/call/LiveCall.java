package io.softswitch.core.call;

import java.time.Instant;

/**
 * A call in progress as the console's Live page shows it: a read-only snapshot taken from another
 * thread than the call's, so a field may lag the call by one event.
 *
 * @param state      {@code routing}, {@code attempting}, {@code answered}
 * @param answerTime null until answered
 * @param media      per-leg statistics so far, null without a relay session (yet)
 */
public record LiveCall(String sid, String accountSid, String from, String to, String trunk, String carrier,
        String gateway, String state, Instant startTime, Instant answerTime, String sipCallId, LiveMedia media) {
}

package io.softswitch.core.cdr.internal;

import java.time.Instant;

/** One outbound attempt of a call as {@code call_attempts} and its spool hold it (flat, as the spool writes records). */
public record AttemptRow(String callSid, int attempt, String carrierSid, String gatewaySid, String target, int sipStatus,
        String sipReason, Instant startedAt, Instant endedAt) {
}

package io.softswitch.voice.call;

import java.time.Duration;

/**
 * How a {@code <Dial>} ended, as sent to its action URL.
 *
 * @param status {@code DialCallStatus}
 * @param callSid {@code DialCallSid}, the child call (may be null when no leg was created)
 * @param duration {@code DialCallDuration}, the bridged time
 * @param sipResponseCode {@code DialSipResponseCode}, the final SIP status of the child leg (0 if none)
 */
public record DialResult(Status status, String callSid, Duration duration, int sipResponseCode) {

    /** Twilio's {@code DialCallStatus} values. */
    public enum Status {
        COMPLETED("completed"),
        BUSY("busy"),
        NO_ANSWER("no-answer"),
        FAILED("failed"),
        CANCELED("canceled");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }
}

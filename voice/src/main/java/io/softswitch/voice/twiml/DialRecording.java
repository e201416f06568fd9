package io.softswitch.voice.twiml;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * {@code <Dial record trim recordingStatusCallback recordingStatusCallbackMethod
 * recordingStatusCallbackEvent>}: Twilio's recording of the dialed call (source {@code DialVerb}).
 *
 * @param mode                  when and how the bridged call is recorded
 * @param trimSilence           {@code trim="trim-silence"}; {@code do-not-trim} is {@code <Dial>}'s default
 * @param statusCallback        told when the recording is available, or {@code null}
 * @param statusCallbackMethod  how it is told (default POST)
 * @param statusCallbackEvents  which of {@code completed} (default) and {@code absent} it is told about;
 *                              Twilio's {@code in-progress} is not sent
 */
public record DialRecording(Mode mode, boolean trimSilence, URI statusCallback, HttpMethod statusCallbackMethod,
        Set<String> statusCallbackEvents) {
    /** Nothing recorded ({@code record} absent or {@code do-not-record}). */
    public static final DialRecording NONE = new DialRecording(Mode.DO_NOT_RECORD, false, null, HttpMethod.POST,
            Set.of("completed"));

    /** Twilio's {@code record} values; {@code true} is {@code record-from-answer}, {@code false} none. */
    public enum Mode {
        DO_NOT_RECORD("do-not-record"),
        RECORD_FROM_ANSWER("record-from-answer"),
        RECORD_FROM_RINGING("record-from-ringing"),
        RECORD_FROM_ANSWER_DUAL("record-from-answer-dual"),
        RECORD_FROM_RINGING_DUAL("record-from-ringing-dual");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public boolean records() {
            return this != DO_NOT_RECORD;
        }

        public boolean fromRinging() {
            return this == RECORD_FROM_RINGING || this == RECORD_FROM_RINGING_DUAL;
        }

        /** Caller and callee on two channels (else both mixed in one). */
        public boolean dual() {
            return this == RECORD_FROM_ANSWER_DUAL || this == RECORD_FROM_RINGING_DUAL;
        }

        /** The mode named {@code value}, {@code true}/{@code false} included; null when unknown. */
        public static Mode parse(String value) {
            if ("true".equals(value)) {
                return RECORD_FROM_ANSWER;
            }
            if ("false".equals(value)) {
                return DO_NOT_RECORD;
            }
            for (Mode m : values()) {
                if (m.value.equals(value)) {
                    return m;
                }
            }
            return null;
        }
    }

    public DialRecording {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(statusCallbackMethod, "statusCallbackMethod");
        statusCallbackEvents = Set.copyOf(statusCallbackEvents);
    }
}

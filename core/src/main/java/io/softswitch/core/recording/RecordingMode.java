package io.softswitch.core.recording;

/**
 * A trunk's {@code Recording.Mode} (Twilio Elastic SIP Trunking): when recording starts and whether
 * the parties share one channel.
 */
public enum RecordingMode {
    DO_NOT_RECORD("do-not-record", false, false),
    RECORD_FROM_RINGING("record-from-ringing", true, false),
    RECORD_FROM_ANSWER("record-from-answer", false, false),
    RECORD_FROM_RINGING_DUAL("record-from-ringing-dual", true, true),
    RECORD_FROM_ANSWER_DUAL("record-from-answer-dual", false, true);

    private final String value;
    private final boolean fromRinging;
    private final boolean dual;

    RecordingMode(String value, boolean fromRinging, boolean dual) {
        this.value = value;
        this.fromRinging = fromRinging;
        this.dual = dual;
    }

    /** The API value, e.g. {@code record-from-answer-dual}. */
    public String value() {
        return value;
    }

    public boolean records() {
        return this != DO_NOT_RECORD;
    }

    /** Starts at the first ringing (18x) rather than at the answer. */
    public boolean fromRinging() {
        return fromRinging;
    }

    /** Caller on the left channel, callee on the right. */
    public boolean dual() {
        return dual;
    }

    /** The mode of an API or stored value; an unknown value (a newer Twilio mode) records nothing. */
    public static RecordingMode of(String value) {
        for (RecordingMode m : values()) {
            if (m.value.equals(value)) {
                return m;
            }
        }
        return DO_NOT_RECORD;
    }
}

package io.softswitch.core.recording;

/** What started a recording, in Twilio's words ({@code source} of the Recording resource). */
public enum RecordingSource {
    /** A trunk's {@code Recording} mode. */
    TRUNKING("Trunking"),
    /** TwiML {@code <Record>}. */
    RECORD_VERB("RecordVerb"),
    /** {@code Record=true} on {@code POST Calls}. */
    OUTBOUND_API("OutboundAPI"),
    /** {@code <Dial record>}. */
    DIAL_VERB("DialVerb");

    private final String twilio;

    RecordingSource(String twilio) {
        this.twilio = twilio;
    }

    public String twilio() {
        return twilio;
    }
}

package io.softswitch.core.call;

/** Twilio's directions for trunking calls. */
public enum Direction {
    /** PBX -> softswitch -> carrier. */
    TRUNKING_TERMINATING("trunking-terminating"),
    /** carrier -> softswitch -> PBX. */
    TRUNKING_ORIGINATING("trunking-originating");

    private final String twilioName;

    Direction(String twilioName) {
        this.twilioName = twilioName;
    }

    public String twilioName() {
        return twilioName;
    }
}

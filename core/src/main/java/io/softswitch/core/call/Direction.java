package io.softswitch.core.call;

/** Twilio's directions for trunking calls and for the calls the switch places itself (issues 18, 19). */
public enum Direction {
    /** PBX -> softswitch -> carrier. */
    TRUNKING_TERMINATING("trunking-terminating"),
    /** carrier -> softswitch -> PBX. */
    TRUNKING_ORIGINATING("trunking-originating"),
    /** A call placed by {@code POST Calls} (the Calls API). */
    OUTBOUND_API("outbound-api"),
    /** A child call placed by a TwiML {@code <Dial>}; its parent is the call that ran the TwiML. */
    OUTBOUND_DIAL("outbound-dial"),
    /**
     * A synthetic call of the daemon's built-in warm-up (issue 15), caller and callee inside the
     * daemon on loopback: never a record, a metric, a webhook or an API resource.
     */
    WARMUP("warmup");

    private final String twilioName;

    Direction(String twilioName) {
        this.twilioName = twilioName;
    }

    public String twilioName() {
        return twilioName;
    }
}

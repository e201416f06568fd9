package io.softswitch.trunking;

import java.util.Objects;

/**
 * The SIP status a refused call is answered with: a final failure code (300-699) and its reason
 * phrase, as one value. Trunking does not depend on the SIP stack, so this is its tiny status type;
 * the call engine turns it into the stack's {@code SipStatus} in one place. The constants are the
 * only refusals routing makes (Twilio's phrases where Twilio has one).
 */
public record RefusalStatus(int code, String reason) {
    public static final RefusalStatus INVALID_PHONE_NUMBER = new RefusalStatus(400, "Invalid Phone Number");
    public static final RefusalStatus INVALID_CALLER_ID = new RefusalStatus(403, "Invalid Caller ID");
    public static final RefusalStatus DESTINATION_BLOCKED = new RefusalStatus(403, "Destination Blocked");
    public static final RefusalStatus UNKNOWN_TRUNK = new RefusalStatus(403, "Unknown Trunk");
    public static final RefusalStatus NO_ROUTE = new RefusalStatus(404, "No Route");
    public static final RefusalStatus NOT_FOUND = new RefusalStatus(404, "Not Found");
    public static final RefusalStatus ALL_GATEWAYS_DOWN = new RefusalStatus(503, "All Gateways Down");
    public static final RefusalStatus CPS_LIMIT_EXCEEDED = new RefusalStatus(503, "Trunk CPS limit exceeded");
    public static final RefusalStatus CONCURRENT_CALL_LIMIT_EXCEEDED =
            new RefusalStatus(503, "Trunk concurrent call limit exceeded");

    public RefusalStatus {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("code: " + code + " (expected: a final failure code, 300-699)");
        }
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return code + " " + reason;
    }
}

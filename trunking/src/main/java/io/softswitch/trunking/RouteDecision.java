package io.softswitch.trunking;

import io.softswitch.trunking.limit.Admission;
import java.util.List;

/**
 * What to do with a call: try {@link Routed#attempts()} in order, or answer the
 * {@link Rejected} SIP status at once. The call engine maps it directly to SIP:
 *
 * <table>
 *   <caption>rejections</caption>
 *   <tr><td>400 Invalid Phone Number</td><td>the dialed number is not acceptable to the trunk's policy</td></tr>
 *   <tr><td>403 Invalid Caller ID</td><td>the caller ID is not a number of the trunk's account (when required)</td></tr>
 *   <tr><td>403 Destination Blocked</td><td>a {@code block} route matched</td></tr>
 *   <tr><td>403 Unknown Trunk</td><td>no such trunk in the snapshot</td></tr>
 *   <tr><td>404 No Route</td><td>no route for the number (or no emergency route for a short code)</td></tr>
 *   <tr><td>404 Not Found</td><td>origination: number not provisioned, not on a trunk, or no origination URL</td></tr>
 *   <tr><td>503 All Gateways Down</td><td>every gateway of every matching carrier is down or disabled</td></tr>
 * </table>
 *
 * <p>Limit refusals ({@code 503 Trunk CPS limit exceeded}, {@code 503 Trunk concurrent call limit
 * exceeded}) come from {@link Router#plan}, which admits the call before routing it.
 */
public sealed interface RouteDecision {

    /**
     * @param calledNumber  the normalized dialed number (E.164, or the short code as dialed)
     * @param callingNumber the normalized caller ID, or the caller's own text when not a number
     * @param matchedPrefix the dial-plan prefix that matched ({@code emergency} for short codes,
     *                      the number itself for origination)
     */
    record Routed(String calledNumber, String callingNumber, String matchedPrefix, List<Attempt> attempts)
            implements RouteDecision {
        public Routed {
            attempts = List.copyOf(attempts);
            if (attempts.isEmpty()) {
                throw new IllegalArgumentException("attempts: [] (expected: at least one attempt)");
            }
        }
    }

    /** Answer the call with {@code status}; {@code detail} is for logs and the CLI only. */
    record Rejected(RefusalStatus status, String detail) implements RouteDecision, PlanDecision {
        public Rejected {
            java.util.Objects.requireNonNull(status, "status");
        }
    }

    static Rejected invalidNumber(String detail) {
        return new Rejected(RefusalStatus.INVALID_PHONE_NUMBER, detail);
    }

    static Rejected invalidCallerId(String detail) {
        return new Rejected(RefusalStatus.INVALID_CALLER_ID, detail);
    }

    static Rejected blocked(String detail) {
        return new Rejected(RefusalStatus.DESTINATION_BLOCKED, detail);
    }

    static Rejected unknownTrunk(String detail) {
        return new Rejected(RefusalStatus.UNKNOWN_TRUNK, detail);
    }

    static Rejected noRoute(String detail) {
        return new Rejected(RefusalStatus.NO_ROUTE, detail);
    }

    static Rejected notFound(String detail) {
        return new Rejected(RefusalStatus.NOT_FOUND, detail);
    }

    /** The trunk's or account's CPS or concurrency limit refused the call (Twilio's phrases). */
    static Rejected limitExceeded(Admission.Refused refused) {
        return new Rejected(refused.status(), refused.scope().key()
                + (refused.cpsExceeded() ? ": calls per second" : ": concurrent calls"));
    }

    static Rejected allGatewaysDown(String detail) {
        return new Rejected(RefusalStatus.ALL_GATEWAYS_DOWN, detail);
    }
}

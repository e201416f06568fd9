package io.softswitch.trunking;

import io.softswitch.trunking.limit.LimitScope;
import java.util.Objects;

/**
 * One outgoing try of a call, in the order of the attempt list.
 *
 * @param carrier        the carrier's key (its SID when stored), or null for an origination URL of a trunk
 * @param target         the gateway's key (its SID when stored) or the origination URL's name
 * @param address        where to send the INVITE (configured, never taken from the request; parsed when the
 *                       snapshot was compiled)
 * @param calledUser     Request-URI/To user to send, already in the carrier's format
 * @param callingUser    From user to send, or null to pass the caller's own
 * @param failover       when to stop or go on to the next attempt
 * @param limit          the carrier's limits to acquire before sending, or null for none
 */
public record Attempt(String carrier, String target, SipTarget address, String calledUser, String callingUser,
        FailoverPolicy failover, LimitScope limit) {
    public Attempt {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(calledUser, "calledUser");
        Objects.requireNonNull(failover, "failover");
    }
}

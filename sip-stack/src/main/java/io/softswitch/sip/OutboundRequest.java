package io.softswitch.sip;

import java.util.List;
import java.util.Objects;

/**
 * An INVITE to send to a gateway.
 *
 * @param target       the gateway ({@code sip:host:port;transport=...}); its user is replaced by {@code calledUser}
 * @param calledUser   user of the Request-URI and To (the formatted called number)
 * @param callingUser  user of From (the caller ID)
 * @param callingName  display name of From, or null
 * @param body         the offer, or null for a late offer
 * @param headers      extra headers (Diversion, P-Asserted-Identity)
 * @param maxForwards  Max-Forwards to send (the inbound value minus one)
 * @param authUser     user for digest when the gateway challenges, or null
 * @param authPassword password for digest when the gateway challenges, or null
 */
public record OutboundRequest(SipUri target, String calledUser, String callingUser, String callingName, SipBody body,
        List<SipHeader> headers, int maxForwards, String authUser, String authPassword) {
    public OutboundRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(calledUser, "calledUser");
        Objects.requireNonNull(callingUser, "callingUser");
        headers = List.copyOf(headers);
        if (maxForwards < 1 || maxForwards > 255) {
            throw new IllegalArgumentException("maxForwards: " + maxForwards + " (expected: 1-255)");
        }
    }

    @Override
    public String toString() {
        return "OutboundRequest[target=" + target + ", called=" + calledUser + ", calling=" + callingUser + "]";
    }
}

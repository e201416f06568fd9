package io.softswitch.sip;

/**
 * The call engine's entry point: new calls. Called on SIP stack threads; must not block (hand the
 * work to the engine's own executor): over UDP each SIP thread owns the calls whose Call-IDs hash to
 * it, so a blocked thread stalls all of those, not just one Nth of the capacity.
 */
public interface SipHandler {
    /** Until a call engine is plugged in: every INVITE gets 480. */
    SipHandler NONE = leg -> leg.reject(
            SipStatus.TEMPORARILY_UNAVAILABLE.withReason("Call Handling Not Available"), java.util.List.of());

    /** A new initial INVITE that passed validation; the engine must eventually answer or reject it. */
    void onInvite(InboundLeg leg);

    /**
     * True while the engine would refuse a new call for overload ({@code 503} + {@code Retry-After: 1}).
     * Asked by the UDP receive thread for each new initial INVITE: while it says so, the SIP layer
     * answers that 503 statelessly from the raw bytes, before parsing, instead of creating a
     * transaction and a leg only to refuse it; under overload that is most of the work. Must be
     * cheap and must not block.
     */
    default boolean overloaded() {
        return false;
    }
}

package io.softswitch.sip;

/**
 * The call engine's entry point: new calls. Called on SIP stack threads; must not block (hand the
 * work to the engine's own executor).
 */
public interface SipHandler {
    /** Until a call engine is plugged in: every INVITE gets 480. */
    SipHandler NONE = leg -> leg.reject(480, "Call Handling Not Available", java.util.List.of());

    /** A new initial INVITE that passed validation; the engine must eventually answer or reject it. */
    void onInvite(InboundLeg leg);
}

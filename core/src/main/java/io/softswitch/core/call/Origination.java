package io.softswitch.core.call;

import java.util.Objects;

/**
 * A call the switch places itself (issues 18 and 19): a {@code POST Calls} call or a TwiML
 * {@code <Dial>}'s child. Its A leg is local (the switch's media endpoint, whose SDP is
 * {@code offerSdp}); its B leg goes where {@code decision} says, through the same attempts, failover,
 * carrier limits and media relay as a PBX's call. Build the decision with
 * {@link TrunkingCallRouter#planCall} (E.164, the account's routing) or {@link TrunkingCallRouter#sipCall}.
 *
 * @param decision      {@link Decision.Proceed} with the plan, or {@link Decision.Reject} (the call fails at once)
 * @param offerSdp      the local side's SDP offer (G.711 and telephone-event at the endpoint)
 * @param parentCallSid the call whose {@code <Dial>} places this one, or null
 * @param ringTimeoutMs how long the far end may take to answer (0: only the attempts' own timers)
 * @param timeLimitMs   the longest the answered call may last (0: no limit)
 * @param recording     how the relayed call is recorded ({@code Record=true}, {@code <Dial record>});
 *                      {@link TrunkRecordings.Plan#NONE}: not recorded (a trunk's mode is for its PBX's calls)
 */
public record Origination(Decision decision, String offerSdp, String parentCallSid, long ringTimeoutMs,
        long timeLimitMs, TrunkRecordings.Plan recording) {
    /** An origination that records nothing. */
    public Origination(Decision decision, String offerSdp, String parentCallSid, long ringTimeoutMs, long timeLimitMs) {
        this(decision, offerSdp, parentCallSid, ringTimeoutMs, timeLimitMs, TrunkRecordings.Plan.NONE);
    }

    public Origination {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(offerSdp, "offerSdp");
        if (decision instanceof Decision.Twiml || decision instanceof Decision.AuthFailure) {
            throw new IllegalArgumentException("decision: " + decision + " (expected: Proceed or Reject)");
        }
        if (ringTimeoutMs < 0 || timeLimitMs < 0) {
            throw new IllegalArgumentException("ringTimeoutMs: " + ringTimeoutMs + ", timeLimitMs: " + timeLimitMs
                    + " (expected: 0 or more)");
        }
    }
}

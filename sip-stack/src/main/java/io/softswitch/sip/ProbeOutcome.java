package io.softswitch.sip;

/**
 * What became of a health probe ({@link SipEndpoint#probe}): a final response ({@code 408} when none
 * arrived within the transaction timeout), or not sent at all (no route, transport error).
 */
public sealed interface ProbeOutcome {

    /** The far end (or the transaction timer) answered. */
    record Answered(SipReply reply) implements ProbeOutcome {
    }

    /** The OPTIONS could not be sent; {@code reason} is for logs. */
    record NotSent(String reason) implements ProbeOutcome {
    }
}

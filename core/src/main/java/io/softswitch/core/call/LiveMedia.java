package io.softswitch.core.call;

/**
 * Media of a call in progress, per leg, as the relay has counted it so far (the console's Live page
 * and call detail). Leg {@code a} is what the caller sent us, {@code b} what the callee sent us.
 */
public record LiveMedia(Leg a, Leg b) {

    /**
     * What one leg sent to the relay.
     *
     * @param lossPercent lost / expected, 0-100
     * @param jitterMs    RFC 3550 interarrival jitter
     * @param mos         estimate 1-5, 0 before any packet
     */
    public record Leg(long packets, long lost, double lossPercent, double jitterMs, double mos) {
    }
}

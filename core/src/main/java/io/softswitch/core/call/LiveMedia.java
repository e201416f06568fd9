package io.softswitch.core.call;

import io.softswitch.media.LatencyHistogram;
import java.util.Objects;

/**
 * Media of a call in progress, per leg, as the relay has counted it so far (the console's Live page
 * and call detail). Leg {@code a} is what the caller sent us, {@code b} what the callee sent us;
 * {@code relayLatency} the relay latency samples of the call so far (cumulative).
 */
public record LiveMedia(Leg a, Leg b, LatencyHistogram relayLatency) {

    public LiveMedia {
        Objects.requireNonNull(relayLatency, "relayLatency");
    }

    /** Per-leg statistics without latency samples. */
    public LiveMedia(Leg a, Leg b) {
        this(a, b, LatencyHistogram.EMPTY);
    }

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

package io.softswitch.media;

import java.time.Duration;
import java.util.Objects;

/**
 * Final (from {@link MediaSession#close()}) or current statistics of a session, for the CDR.
 *
 * @param label the session's label
 * @param a the A leg
 * @param b the B leg
 * @param duration time from session creation to close (or to now)
 * @param relayLatency the session's sampled relay latencies so far (both directions; the packets
 *                     {@link MediaEvents#relayLatency} sees), for per-trunk and per-carrier percentiles
 */
public record MediaStats(String label, LegStats a, LegStats b, Duration duration, LatencyHistogram relayLatency) {

    public MediaStats {
        Objects.requireNonNull(relayLatency, "relayLatency");
    }

    /** Statistics without latency samples. */
    public MediaStats(String label, LegStats a, LegStats b, Duration duration) {
        this(label, a, b, duration, LatencyHistogram.EMPTY);
    }

    public LegStats leg(Side leg) {
        return leg == Side.A ? a : b;
    }
}

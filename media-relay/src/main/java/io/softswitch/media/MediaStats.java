package io.softswitch.media;

import java.time.Duration;

/**
 * Final (from {@link MediaSession#close()}) or current statistics of a session, for the CDR.
 *
 * @param label the session's label
 * @param a the A leg
 * @param b the B leg
 * @param duration time from session creation to close (or to now)
 */
public record MediaStats(String label, LegStats a, LegStats b, Duration duration) {

    public LegStats leg(Side leg) {
        return leg == Side.A ? a : b;
    }
}

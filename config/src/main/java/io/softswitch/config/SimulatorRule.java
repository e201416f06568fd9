package io.softswitch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulator answers calls whose called number (as it receives it, any leading {@code +}
 * ignored) starts with {@code prefix} and ends with {@code suffix}.
 *
 * @param prefix       digits the called number starts with; empty matches all
 * @param suffix       digits it ends with; empty matches all
 * @param answer       final response code (200, 486, 503, 404...), or 0 for no answer (ring until cancelled)
 * @param earlyMedia   send 183 with SDP instead of 180 while ringing
 * @param ring         ({@code ring_ms}) time between 180/183 and the final response
 * @param hold         ({@code hold_ms}) for answered calls: the simulator hangs up (BYE) after this
 *                     long; zero = the caller hangs up
 * @param media        {@code echo} (send back every RTP packet received) or {@code none}
 * @param failureRatio share of calls (0-1) answered 503 instead, at random
 */
public record SimulatorRule(String prefix, String suffix, int answer, boolean earlyMedia, Duration ring, Duration hold,
        Media media, double failureRatio) {

    public SimulatorRule {
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(hold, "hold");
    }

    /** What the simulator does with media. */
    public enum Media { ECHO, NONE }

    public boolean matches(String number) {
        String digits = number == null ? "" : number.startsWith("+") ? number.substring(1) : number;
        String p = prefix.startsWith("+") ? prefix.substring(1) : prefix;
        return digits.startsWith(p) && digits.endsWith(suffix);
    }
}

package io.softswitch.media;

import java.time.Duration;

/**
 * A DTMF digit seen in RFC 4733 telephone-event packets (which are relayed untouched).
 * Each digit produces a {@code start} event when its first packet arrives and an {@code end}
 * event (once, although the end packet is sent three times) with the final duration.
 *
 * @param from the leg that sent the digit
 * @param digit {@code 0-9 * # A-D}, or {@code !} for flash (RFC 4733 section 3.2, events 0-16)
 * @param end false for the start of the digit, true for its end
 * @param duration the duration signalled in the packet (zero-based on start)
 * @param volume power level in -dBm0, 0-63
 */
public record DtmfEvent(Side from, char digit, boolean end, Duration duration, int volume) {

    /** The digit for an RFC 4733 DTMF event code, or {@code 0} when the code is not a DTMF event. */
    public static char digitOf(int event) {
        if (event >= 0 && event <= 9) {
            return (char) ('0' + event);
        }
        return switch (event) {
            case 10 -> '*';
            case 11 -> '#';
            case 12 -> 'A';
            case 13 -> 'B';
            case 14 -> 'C';
            case 15 -> 'D';
            case 16 -> '!';
            default -> 0;
        };
    }
}

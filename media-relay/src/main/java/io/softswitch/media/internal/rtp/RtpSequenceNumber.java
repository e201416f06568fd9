package io.softswitch.media.internal.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers (RFC 3550 section 5.1 and appendix A.1). Numbers wrap
 * from 65535 to 0; {@code b} is "after" {@code a} when the forward distance from {@code a} to
 * {@code b}, modulo 2^16, is between 1 and 32767 (half the space), otherwise it is before or equal.
 */
public final class RtpSequenceNumber {
    private RtpSequenceNumber() {
    }

    /** Forward distance from {@code a} to {@code b} modulo 2^16, 0-65535. */
    public static int distance(int a, int b) {
        return (b - a) & 0xFFFF;
    }

    /** True when {@code b} comes after {@code a} under the half-space rule. */
    public static boolean isAfter(int b, int a) {
        int d = distance(a, b);
        return d != 0 && d < 0x8000;
    }
}

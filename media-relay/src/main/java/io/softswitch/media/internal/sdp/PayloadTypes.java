package io.softswitch.media.internal.sdp;

import java.util.Arrays;

/**
 * RTP clock rate per payload type (0-127) and which types are RFC 4733 {@code telephone-event}.
 * Immutable once built; read on the packet path without allocation.
 */
public final class PayloadTypes {
    /** Static payload types with an 8 kHz RTP clock (RFC 3551 table 4; G.722 uses 8000 too). */
    private static final int[] STATIC_8K = {0, 3, 4, 5, 7, 8, 9, 12, 13, 15, 18};

    private final int[] clockRate = new int[128];
    private final boolean[] telephoneEvent = new boolean[128];

    PayloadTypes() {
        for (int pt : STATIC_8K) {
            clockRate[pt] = 8000;
        }
        clockRate[6] = 16000;
        clockRate[10] = 44100;
        clockRate[11] = 44100;
        clockRate[16] = 11025;
        clockRate[17] = 22050;
    }

    /** The static table, shared: nothing defines types on it (only the parser does, on its own instance). */
    private static final PayloadTypes STATIC = new PayloadTypes();

    /** Only the static table (for streams whose SDP is not known yet); one shared instance, no allocation per leg. */
    public static PayloadTypes staticTable() {
        return STATIC;
    }

    void define(int pt, String encoding, int rate) {
        clockRate[pt] = rate;
        telephoneEvent[pt] = encoding.equalsIgnoreCase("telephone-event");
    }

    /** Clock rate of {@code pt}, or 0 when unknown. */
    public int clockRate(int pt) {
        return clockRate[pt & 0x7f];
    }

    public boolean isTelephoneEvent(int pt) {
        return telephoneEvent[pt & 0x7f];
    }

    /** Types defined in either table, {@code first} winning. */
    public static PayloadTypes merge(PayloadTypes first, PayloadTypes second) {
        if (covers(first, second)) {
            return first; // the usual case (both sides declared the same types): the merge would copy first
        }
        PayloadTypes merged = new PayloadTypes();
        for (int pt = 0; pt < 128; pt++) {
            PayloadTypes from = first.clockRate[pt] != 0 ? first : second;
            merged.clockRate[pt] = from.clockRate[pt];
            merged.telephoneEvent[pt] = from.telephoneEvent[pt];
        }
        return merged;
    }

    /** Whether every type {@code second} defines is defined in {@code first}, so that merging adds nothing. */
    private static boolean covers(PayloadTypes first, PayloadTypes second) {
        if (first == second) {
            return true;
        }
        for (int pt = 0; pt < 128; pt++) {
            if (first.clockRate[pt] == 0 && (second.clockRate[pt] != 0 || second.telephoneEvent[pt])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "PayloadTypes" + Arrays.toString(clockRate);
    }
}

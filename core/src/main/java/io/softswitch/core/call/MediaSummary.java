package io.softswitch.core.call;

/**
 * Media statistics of a call for its record: packets relayed each way, packets lost, the worst
 * jitter (ms), the MOS estimate (1-5; 0 when there was no media) and the SRTP suite of each leg's
 * media (null = plain RTP; never a key).
 */
public record MediaSummary(long packetsAtoB, long packetsBtoA, long lost, double jitterMs, double mos,
        String srtpA, String srtpB) {
    public static final MediaSummary NONE = new MediaSummary(0, 0, 0, 0, 0);

    /** A summary of plain RTP legs. */
    public MediaSummary(long packetsAtoB, long packetsBtoA, long lost, double jitterMs, double mos) {
        this(packetsAtoB, packetsBtoA, lost, jitterMs, mos, null, null);
    }
}

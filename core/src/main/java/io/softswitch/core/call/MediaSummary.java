package io.softswitch.core.call;

/**
 * Media statistics of a call for its record: packets relayed each way, packets lost, the worst
 * jitter (ms) and the MOS estimate (1-5; 0 when there was no media).
 */
public record MediaSummary(long packetsAtoB, long packetsBtoA, long lost, double jitterMs, double mos) {
    public static final MediaSummary NONE = new MediaSummary(0, 0, 0, 0, 0);
}

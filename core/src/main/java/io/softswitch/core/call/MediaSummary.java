package io.softswitch.core.call;

import io.softswitch.media.LatencyHistogram;
import java.util.Objects;

/**
 * Media statistics of a call for its record: packets relayed each way, packets lost, the worst
 * jitter (ms), the MOS estimate (1-5; 0 when there was no media), the SRTP suite of each leg's
 * media (null = plain RTP; never a key) and the relay latency samples of the whole call (empty when
 * media was not relayed; the console merges them per trunk and per carrier).
 */
public record MediaSummary(long packetsAtoB, long packetsBtoA, long lost, double jitterMs, double mos,
        String srtpA, String srtpB, LatencyHistogram relayLatency) {
    public static final MediaSummary NONE = new MediaSummary(0, 0, 0, 0, 0);

    public MediaSummary {
        Objects.requireNonNull(relayLatency, "relayLatency");
    }

    /** A summary without latency samples. */
    public MediaSummary(long packetsAtoB, long packetsBtoA, long lost, double jitterMs, double mos, String srtpA,
            String srtpB) {
        this(packetsAtoB, packetsBtoA, lost, jitterMs, mos, srtpA, srtpB, LatencyHistogram.EMPTY);
    }

    /** A summary of plain RTP legs. */
    public MediaSummary(long packetsAtoB, long packetsBtoA, long lost, double jitterMs, double mos) {
        this(packetsAtoB, packetsBtoA, lost, jitterMs, mos, null, null);
    }
}

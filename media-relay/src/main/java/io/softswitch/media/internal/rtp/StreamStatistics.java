package io.softswitch.media.internal.rtp;

import io.softswitch.media.StreamStats;

/**
 * Receive statistics for one RTP stream direction (RFC 3550 appendix A.1, A.3 and A.8), updated
 * once per packet without allocation. Not thread-safe: owned by the session's event loop.
 *
 * <p>Sequence numbers are extended to 64 bits by counting wrap-arounds. A packet is a
 * duplicate when its extended number was already received among the last {@value #WINDOW};
 * out of order when it is older than the highest received; loss is expected (highest - first +
 * 1) minus distinct packets received, per SSRC, accumulated over SSRC changes.
 */
public final class StreamStatistics {
    /** How far back duplicates are recognised, in sequence numbers (a power of two). */
    public static final int WINDOW = 1024;

    private final long[] seen = new long[WINDOW / 64];

    private long packets;
    private long bytes;
    private long duplicates;
    private long outOfOrder;
    private int ssrcChanges;
    private long rtcpPackets;
    private long largestGapNanos;
    private long lastArrivalNanos;
    private long lostBefore; // from earlier SSRCs

    private boolean started;
    private int ssrc;
    private long baseExtended;
    private long maxExtended;
    private long distinct;

    // RFC 3550 A.8 state, in RTP timestamp units of the previous packet's clock
    private double jitter;
    private int jitterClock;
    private boolean jitterPrimed;
    private long lastJitterArrivalNanos;
    private long lastTimestamp;

    /**
     * Records one RTP packet.
     *
     * @param clockRate clock of the packet's payload type, 0 to leave it out of the jitter (unknown
     *     type or telephone-event, whose timestamps mark the event start)
     */
    public void onRtp(int sequence, long timestamp, int ssrc, int clockRate, int size, long arrivalNanos) {
        packets++;
        bytes += size;
        if (lastArrivalNanos != 0) {
            largestGapNanos = Math.max(largestGapNanos, arrivalNanos - lastArrivalNanos);
        }
        lastArrivalNanos = arrivalNanos;
        if (!started || ssrc != this.ssrc) {
            if (started) {
                ssrcChanges++;
                lostBefore += currentLost();
                jitterPrimed = false;
            }
            started = true;
            this.ssrc = ssrc;
            java.util.Arrays.fill(seen, 0);
            baseExtended = sequence;
            maxExtended = sequence;
            distinct = 1;
            mark(sequence);
        } else {
            sequence(sequence);
        }
        if (clockRate > 0) {
            jitter(timestamp, clockRate, arrivalNanos);
        }
    }

    public void onRtcp() {
        rtcpPackets++;
    }

    private void sequence(int sequence) {
        int max16 = (int) (maxExtended & 0xFFFF);
        int forward = RtpSequenceNumber.distance(max16, sequence);
        if (forward == 0) {
            duplicates++;
        } else if (forward < 0x8000) {
            long extended = maxExtended + forward;
            for (long s = maxExtended + 1; s < extended && s <= maxExtended + WINDOW; s++) {
                clear(s);
            }
            maxExtended = extended;
            mark(extended);
            distinct++;
        } else {
            long extended = maxExtended - (0x10000 - forward);
            if (maxExtended - extended < WINDOW && isMarked(extended)) {
                duplicates++;
            } else {
                outOfOrder++;
                if (extended < baseExtended) {
                    baseExtended = extended; // arrived before the first one we saw
                }
                distinct++;
                if (maxExtended - extended < WINDOW) {
                    mark(extended);
                }
            }
        }
    }

    /** RFC 3550 A.8: J += (|D(i-1,i)| - J) / 16, with D from arrival and RTP timestamp deltas. */
    private void jitter(long timestamp, int clockRate, long arrivalNanos) {
        if (jitterPrimed && clockRate == jitterClock) {
            double arrivalUnits = (arrivalNanos - lastJitterArrivalNanos) * (clockRate / 1e9);
            int timestampDelta = (int) (timestamp - lastTimestamp); // 32-bit wrap-around
            double d = Math.abs(arrivalUnits - timestampDelta);
            jitter += (d - jitter) / 16;
        } else if (jitterPrimed) {
            jitter = jitter * clockRate / jitterClock; // keep the value, change its unit
        }
        jitterPrimed = true;
        jitterClock = clockRate;
        lastJitterArrivalNanos = arrivalNanos;
        lastTimestamp = timestamp;
    }

    private long currentLost() {
        long expected = maxExtended - baseExtended + 1;
        return Math.max(0, expected - distinct);
    }

    private void mark(long extended) {
        int bit = (int) (extended & (WINDOW - 1));
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private void clear(long extended) {
        int bit = (int) (extended & (WINDOW - 1));
        seen[bit >>> 6] &= ~(1L << (bit & 63));
    }

    private boolean isMarked(long extended) {
        int bit = (int) (extended & (WINDOW - 1));
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    public long packets() {
        return packets;
    }

    /** Packets lost so far (RFC 3550 A.3, summed over SSRCs), without building a snapshot. */
    public long lost() {
        return lostBefore + (started ? currentLost() : 0);
    }

    public StreamStats snapshot() {
        long lost = lost();
        double jitterMillis = jitterClock == 0 ? 0 : jitter * 1000.0 / jitterClock;
        long expected = packets - duplicates + lost;
        double lossRatio = expected <= 0 ? 0 : (double) lost / expected;
        double mos = packets == 0 ? 0 : MosModel.estimate(lossRatio, jitterMillis, 0);
        return new StreamStats(packets, bytes, lost, duplicates, outOfOrder, jitterMillis, ssrcChanges,
                largestGapNanos / 1_000_000, rtcpPackets, mos);
    }
}

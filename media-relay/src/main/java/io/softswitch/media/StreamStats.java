package io.softswitch.media;

/**
 * Quality of the RTP received from one leg's endpoint, measured at the relay.
 *
 * @param packets RTP packets received (duplicates included)
 * @param bytes UDP payload bytes of those packets
 * @param lost packets never received: expected (from the extended highest sequence number, RFC
 *     3550 A.3, with 16-bit wrap-around) minus distinct packets received, summed over SSRCs
 * @param duplicates packets whose sequence number was already received (within the last 1024)
 * @param outOfOrder packets older than the highest sequence number already seen
 * @param jitterMillis interarrival jitter (RFC 3550 A.8) at the end of the call, in milliseconds,
 *     computed with the clock rate of each packet's payload type
 * @param ssrcChanges how many times the SSRC changed
 * @param largestGapMillis longest time between two consecutive packets, in milliseconds
 * @param rtcpPackets RTCP packets received
 * @param mos estimated mean opinion score 1.0-4.5 from loss and jitter (see the module README),
 *     or 0 when no RTP was received
 */
public record StreamStats(
        long packets,
        long bytes,
        long lost,
        long duplicates,
        long outOfOrder,
        double jitterMillis,
        int ssrcChanges,
        long largestGapMillis,
        long rtcpPackets,
        double mos) {

    public static final StreamStats EMPTY = new StreamStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Lost packets as a fraction of expected ones, 0.0-1.0. */
    public double lossRatio() {
        long expected = packets - duplicates + lost;
        return expected <= 0 ? 0.0 : (double) lost / expected;
    }
}

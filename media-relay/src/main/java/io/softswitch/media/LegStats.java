package io.softswitch.media;

/**
 * Both directions of one leg.
 *
 * @param received what the relay received from this leg's endpoint, with quality measures
 * @param packetsSent RTP and RTCP packets the relay sent to this leg's endpoint
 * @param bytesSent UDP payload bytes the relay sent to this leg's endpoint
 * @param dropped packets received from this leg that were not relayed (see {@link DropReason})
 * @param srtp the SRTP suite of this leg's media at the end (or at the snapshot), null for plain RTP
 */
public record LegStats(StreamStats received, long packetsSent, long bytesSent, long dropped, SrtpSuite srtp) {

    /** True when this leg's media was SRTP. */
    public boolean encrypted() {
        return srtp != null;
    }
}

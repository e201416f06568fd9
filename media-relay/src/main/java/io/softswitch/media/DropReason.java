package io.softswitch.media;

/** Why a received packet was not relayed. Our own closed set; {@link #tag()} is the metric tag. */
public enum DropReason {
    /** Too short or not RTP/RTCP version 2 (RFC 3550 section 5.1). */
    MALFORMED("malformed"),
    /** From a source that latching does not accept (a hijack attempt or a stray packet). */
    SOURCE_MISMATCH("source_mismatch"),
    /** The other leg has no destination yet, is on hold with {@code c=0.0.0.0}, or port 0. */
    NO_DESTINATION("no_destination"),
    /** The outgoing socket's buffer is full. */
    CONGESTION("congestion"),
    /**
     * Not relayed because the event loop fell behind ({@code media.max_queue_delay_ms}): the session's
     * sockets were not read for a while (the kernel dropped what did not fit) and what was queued
     * was discarded when reading resumed.
     */
    OVERLOAD("overload"),
    /** Arrived while the session was closing. */
    CLOSED("closed"),
    /** An SRTP/SRTCP packet whose authentication tag does not verify (forged or corrupted, RFC 3711 section 3.3). */
    SRTP_AUTH("srtp-auth"),
    /** An SRTP/SRTCP packet already received or older than the replay window (RFC 3711 section 3.3.2). */
    SRTP_REPLAY("srtp-replay");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}

package io.softswitch.media;

/**
 * Relay-wide events for metrics, with a no-op default ({@link #NONE}); the daemon turns them into
 * Micrometer meters in core ({@code SoftswitchMetrics.mediaEvents()}).
 *
 * <p>Threading: packet events are called on media event loop threads, once per packet, so an
 * implementation must be cheap, thread-safe and non-blocking. Session events are called on the
 * thread that opens or closes the session.
 */
public interface MediaEvents {
    MediaEvents NONE = new MediaEvents() {
    };

    /** How many packets of a session share one {@link #relayLatency} sample: 1 in 16. */
    int LATENCY_SAMPLE_INTERVAL = 16;

    /**
     * A packet was relayed.
     *
     * @param from the leg it came from
     * @param rtcp true for RTCP, false for RTP
     * @param bytes UDP payload size
     */
    default void packetRelayed(Side from, boolean rtcp, int bytes) {
    }

    /**
     * Time a relayed packet spent in the relay before it was handed to the kernel: from the wake-up
     * of the event-loop pass that read it (the sockets processed before it in that pass count),
     * plus, when the loop had not waited for I/O before that pass, half the time since the previous
     * pass's wake-up (the mean wait of the packets that queued meanwhile; issue 21). Not seen: time
     * in the socket before a late wake-up (thread descheduled or paused while the loop was idle).
     * Measured on the first and then every {@value #LATENCY_SAMPLE_INTERVAL}th relayed packet of
     * each session (a histogram update per packet would cost more than the rest of the relay's own
     * work on it).
     */
    default void relayLatency(long nanos) {
    }

    /** A packet from {@code from} was dropped. */
    default void packetDropped(Side from, DropReason reason) {
    }

    /**
     * {@code count} packets from {@code from} were dropped at once (packets the kernel discarded
     * while overload protection was not reading a session's sockets, found from the RTP sequence
     * gap once it reads again). The default reports each through {@link #packetDropped}.
     */
    default void packetsDropped(Side from, DropReason reason, long count) {
        for (long i = 0; i < count; i++) {
            packetDropped(from, reason);
        }
    }

    /**
     * Overload protection ({@code media.max_queue_delay_ms}) stopped ({@code shed} true) or resumed
     * reading the sockets of session {@code label}; a shed session that closes reports false too,
     * so shed minus resumed is the number of sessions shed now. Called on the session's event loop.
     */
    default void sessionShed(String label, boolean shed) {
    }

    /**
     * The largest lag of one media event loop in the last second: how long a packet read then can
     * have waited in its socket (see {@code OverloadControl}); once a second per loop while overload
     * protection is on. The relay latency samples cannot show this: they start at the read.
     */
    default void loopLag(long maxNanos) {
    }

    /** A session was created; counts after the change. */
    default void sessionOpened(int activeSessions, int portsInUse) {
    }

    /** A session was closed with these final statistics; counts after the change. */
    default void sessionClosed(MediaStats stats, int activeSessions, int portsInUse) {
    }

    /** {@link MediaRelay#createSession} failed. */
    default void allocationFailed(String reason) {
    }

    /** A session hit the RTP timeout. */
    default void rtpTimeout(String label) {
    }

    /** A DTMF digit started or ended. */
    default void dtmf(DtmfEvent event) {
    }
}

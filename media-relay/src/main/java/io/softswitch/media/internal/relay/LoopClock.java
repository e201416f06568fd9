package io.softswitch.media.internal.relay;

/**
 * When the current pass of a media event loop began reading its sockets, for the relay latency of
 * the packets read in that pass ({@link io.softswitch.media.MediaEvents#relayLatency}). Written by
 * {@link MeasuredIoHandler} once per pass, read by the loop's sessions; confined to the loop.
 *
 * <p>Issue 21 (goal 6): timing only the session's own work on a packet (read to {@code sendto})
 * showed a p99 of 36-64 µs while packets spent milliseconds waiting for the loop. A packet read in
 * this pass also waited for the sockets ahead of it in this pass, and, when the loop did not wait
 * for I/O before the pass (its sockets were not empty), since it arrived, some time after its
 * socket was last read in the previous pass. The first is measured (from {@link #wake} on); the
 * second is estimated as half the time between the two passes' wake-ups, the mean wait of packets
 * arriving evenly in between. Not seen at all: time in the socket buffer before a wake-up that came
 * late (the thread descheduled or stopped by the JVM while the loop was idle in {@code epoll_wait}),
 * which only kernel receive timestamps ({@code SO_TIMESTAMPNS}) would give.
 */
final class LoopClock {
    /** When the current pass's wait for I/O returned (System.nanoTime); 0 before the first. */
    private long wokeAt;
    /** The estimated time a packet read in this pass waited before {@link #wokeAt}. */
    private long queuedBefore;

    /** The loop's wait for I/O returned at {@code now}; {@code idle}: it had waited (its sockets were empty). */
    void wake(long now, boolean idle) {
        queuedBefore = idle || wokeAt == 0 ? 0 : (now - wokeAt) / 2;
        wokeAt = now;
    }

    /**
     * The latency of a packet of this pass relayed at {@code now}, or, outside a pass (no wake-up
     * yet), the time since {@code read}, when the session received it.
     */
    long latency(long read, long now) {
        return wokeAt == 0 ? now - read : now - wokeAt + queuedBefore;
    }
}

package io.softswitch.media.internal.relay;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Even/odd port pairs (RTP on the even port, RTCP on the next, RFC 3550 section 11) handed out
 * first-in first-out. A released pair goes to the back of the queue and is not handed out again
 * before the quarantine has passed, so late packets of an old call never reach a new one.
 * Thread-safe.
 */
public final class PortPool {
    private record Entry(int rtpPort, long availableAtNanos) {
    }

    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final long quarantineNanos;
    private final LongSupplier clock;
    private final int pairs;
    private int inUse;

    public PortPool(int portMin, int portMax, long quarantineNanos, LongSupplier clock) {
        this.quarantineNanos = quarantineNanos;
        this.clock = clock;
        for (int port = portMin; port + 1 <= portMax; port += 2) {
            queue.add(new Entry(port, clock.getAsLong()));
        }
        this.pairs = queue.size();
    }

    /** The RTP port of a free pair, or -1 when every pair is in use or in quarantine. */
    public synchronized int acquire() {
        Entry head = queue.peekFirst();
        if (head == null || head.availableAtNanos - clock.getAsLong() > 0) {
            return -1;
        }
        queue.pollFirst();
        inUse++;
        return head.rtpPort;
    }

    /** Returns a pair acquired from this pool; it becomes available after the quarantine. */
    public synchronized void release(int rtpPort) {
        queue.addLast(new Entry(rtpPort, clock.getAsLong() + quarantineNanos));
        inUse--;
    }

    /** Returns a pair that was acquired but never bound: available again at once, first in line. */
    public synchronized void giveBack(int rtpPort) {
        queue.addFirst(new Entry(rtpPort, clock.getAsLong()));
        inUse--;
    }

    /** Ports (not pairs) currently held by sessions. */
    public synchronized int portsInUse() {
        return inUse * 2;
    }

    /** Pairs neither in use nor in quarantine. */
    public synchronized int availablePairs() {
        long now = clock.getAsLong();
        int n = 0;
        for (Entry e : queue) {
            if (e.availableAtNanos - now <= 0) {
                n++;
            }
        }
        return n;
    }

    public int pairs() {
        return pairs;
    }
}

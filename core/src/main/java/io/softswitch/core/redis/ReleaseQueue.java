package io.softswitch.core.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lease removals of released calls not yet sent to a standalone Redis (issue 17). Each rides on
 * the node's next admission script ({@code admit.lua} applies them before it counts), or goes with
 * the others in one command when the flush the first one armed comes due. Until then Redis counts
 * the released call a few milliseconds longer: other nodes may see a scope fuller than it is,
 * never emptier, so no limit is exceeded. Thread-safe; removals are sent in the order queued.
 */
final class ReleaseQueue {
    /** One lease to remove: {@code member} of the sorted set {@code leasesKey}. */
    record Removal(String leasesKey, String member) {
    }

    private final ConcurrentLinkedQueue<Removal> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushArmed = new AtomicBoolean();

    /** Queues a removal; true when the caller must arm a flush (none is pending). */
    boolean add(String leasesKey, String member) {
        queue.add(new Removal(leasesKey, member));
        return flushArmed.compareAndSet(false, true);
    }

    /**
     * The flush came due: later removals arm the next one. Call before {@link #drain}, so a removal
     * queued between the two is either drained now or arms a flush of its own, never left behind.
     */
    void disarm() {
        flushArmed.set(false);
    }

    /** Takes up to {@code max} removals, oldest first (empty list when none). */
    List<Removal> drain(int max) {
        Removal first = queue.poll();
        if (first == null) {
            return List.of();
        }
        List<Removal> out = new ArrayList<>(4);
        out.add(first);
        Removal next;
        while (out.size() < max && (next = queue.poll()) != null) {
            out.add(next);
        }
        return out;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}

package io.softswitch.sip.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Which new INVITEs (by Call-ID and top Via branch) the dispatcher has taken in the last
 * {@code windowMs}. A retransmission of an INVITE normally never reaches the dispatcher: its server
 * transaction absorbs it. Two cases slip through: the retransmission is handled by another SIP
 * thread while the original's transaction is still being created (under load the UAC retransmits
 * after 500 ms, and the stack's workers run in parallel), or it arrives after the transaction
 * ended. Either would start a second call to the carrier for one INVITE; the first to claim a key
 * wins, any other copy within the window is absorbed (RFC 6026 §7.1 does the same with its
 * "Accepted" state, Timer L = 64·T1 = 32 s). Bounded: at most {@code max} keys.
 */
final class InviteClaims {
    private final long windowMs;
    private final int max;
    private final LinkedHashMap<String, Long> claimed = new LinkedHashMap<>();

    InviteClaims(long windowMs, int max) {
        this.windowMs = windowMs;
        this.max = max;
    }

    /** True for the first claim of {@code key} within the window; false for any copy of it. */
    synchronized boolean claim(String key, long nowMs) {
        Long at = claimed.get(key);
        if (at != null && nowMs - at <= windowMs) {
            return false;
        }
        claimed.remove(key);
        claimed.put(key, nowMs);
        Iterator<Long> eldest = claimed.values().iterator();
        while (eldest.hasNext()) {
            long t = eldest.next();
            if (claimed.size() <= max && nowMs - t <= windowMs) {
                break;
            }
            eldest.remove();
        }
        return true;
    }

    synchronized int size() {
        return claimed.size();
    }
}

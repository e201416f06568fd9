package io.softswitch.trunking.internal;

import java.util.concurrent.atomic.AtomicInteger;

/** Calls in progress against a maximum; lock-free compare-and-set. Thread-safe. */
public final class ConcurrencyCounter {
    private final AtomicInteger active = new AtomicInteger();

    /** Counts one more call unless {@code max} (above 0) are already active. */
    public boolean tryAcquire(int max) {
        while (true) {
            int n = active.get();
            if (max > 0 && n >= max) {
                return false;
            }
            if (active.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        active.decrementAndGet();
    }

    public int active() {
        return active.get();
    }
}

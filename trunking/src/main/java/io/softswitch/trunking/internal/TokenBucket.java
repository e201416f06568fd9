package io.softswitch.trunking.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free token bucket in its GCRA form (ITU-T I.371 virtual scheduling): one atomic
 * "theoretical arrival time" replaces the token count. With emission interval {@code T = 1/rate}
 * and tolerance {@code (burst - 1) * T}, a call at {@code now} is admitted when
 * {@code tat - now <= tolerance} and then moves {@code tat} to {@code max(tat, now) + T}. In any
 * window of length {@code W} at most {@code rate * W + burst} calls are admitted.
 *
 * <p>Rate and burst are passed on every call rather than stored, so a new provisioning snapshot
 * with other limits applies at once without losing state. Thread-safe; never blocks.
 */
public final class TokenBucket {
    private final AtomicLong tat = new AtomicLong(Long.MIN_VALUE);

    /** Takes one token at {@code nowNanos} if available; returns whether it did. */
    public boolean tryTake(long nowNanos, double ratePerSecond, int burst) {
        long interval = intervalNanos(ratePerSecond);
        long tolerance = (Math.max(1, burst) - 1L) * interval;
        while (true) {
            long current = tat.get();
            long base = current == Long.MIN_VALUE || current < nowNanos ? nowNanos : current;
            if (base - nowNanos > tolerance) {
                return false;
            }
            if (tat.compareAndSet(current, base + interval)) {
                return true;
            }
        }
    }

    /** Gives back a token taken with the same rate (a later limit refused the call). */
    public void refund(double ratePerSecond) {
        tat.addAndGet(-intervalNanos(ratePerSecond));
    }

    private static long intervalNanos(double ratePerSecond) {
        return Math.max(1L, Math.round(1_000_000_000d / ratePerSecond));
    }
}

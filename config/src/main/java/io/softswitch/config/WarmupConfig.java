package io.softswitch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The built-in warm-up ({@code warmup:}): before {@code /ready} says ready, the daemon places
 * synthetic calls over loopback through its own SIP listener, call engine, routing and media relay
 * to an internal answering endpoint, so that the JIT has compiled the call path before the first
 * real call (issue 15, cold start).
 *
 * @param calls       synthetic calls at most; 0 = no warm-up
 * @param maxDuration ({@code seconds}) the warm-up stops after this long even if calls remain
 * @param concurrency synthetic calls in flight at once
 */
public record WarmupConfig(int calls, Duration maxDuration, int concurrency) {
    /** The JVM property that sets the default of {@code warmup.calls} (the test suite sets 0). */
    public static final String CALLS_PROPERTY = "softswitch.warmup.calls";
    /** {@code warmup.calls} when neither the file nor {@value #CALLS_PROPERTY} says. */
    public static final int DEFAULT_CALLS = 6000;
    public static final WarmupConfig DEFAULT = new WarmupConfig(DEFAULT_CALLS, Duration.ofSeconds(20), 8);
    /** No warm-up. */
    public static final WarmupConfig OFF = new WarmupConfig(0, DEFAULT.maxDuration, DEFAULT.concurrency);

    public WarmupConfig {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (calls < 0) {
            throw new IllegalArgumentException("calls: " + calls + " (expected: 0 or more)");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: 1 or more)");
        }
    }

    public boolean enabled() {
        return calls > 0 && !maxDuration.isZero();
    }

    /** {@link #DEFAULT_CALLS}, or the {@value #CALLS_PROPERTY} JVM property when it is a number. */
    public static int defaultCalls() {
        Integer p = Integer.getInteger(CALLS_PROPERTY);
        return p != null && p >= 0 ? p : DEFAULT_CALLS;
    }
}

package io.softswitch.sip;

/**
 * When work counts as late, for shedding new calls by queue delay: {@code maxDelayMs} normally, but
 * a more lenient {@code warmupMaxDelayMs} for the first {@code warmupSeconds} after start.
 *
 * <p>Why the warm-up: a freshly started JVM runs the call path interpreted while the JIT compiles
 * it, for about ten seconds, and in that time it handles fewer calls per second than it will later.
 * With the steady threshold a cold switch offered half its capacity refused 7-15 % of its first
 * calls with {@code 503} ({@code bench/signalling/cold-start.sh}); PBXs that do not retry elsewhere
 * lose those calls. During the warm-up it delays them instead (post-dial delay of up to about the
 * warm-up threshold), and it still sheds a real overload once queues are that old.
 *
 * @param maxDelayMs       work older than this is late; 0 = never shed by queue delay
 * @param warmupMaxDelayMs the threshold during the warm-up; a value below {@code maxDelayMs}
 *                         counts as {@code maxDelayMs}
 * @param warmupSeconds    how long the warm-up lasts from start; 0 = none
 * @param retryAfterSeconds the {@code Retry-After} of the stateless 503 that sheds a new INVITE
 *                         ({@code calls.retry_after.overloaded_seconds}, as the call engine's own
 *                         overload 503)
 */
public record OverloadLimit(int maxDelayMs, int warmupMaxDelayMs, int warmupSeconds, int retryAfterSeconds) {

    /** The default threshold, in milliseconds of queueing. */
    public static final int DEFAULT_MAX_DELAY_MS = 200;

    /** The default {@code Retry-After} of a shed INVITE: one second, the backlog is worked off within it. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    /** The steady threshold {@code maxDelayMs} from the start, with no warm-up. */
    public static OverloadLimit steady(int maxDelayMs) {
        return new OverloadLimit(maxDelayMs, maxDelayMs, 0);
    }

    /** A limit with the default {@code Retry-After}. */
    public OverloadLimit(int maxDelayMs, int warmupMaxDelayMs, int warmupSeconds) {
        this(maxDelayMs, warmupMaxDelayMs, warmupSeconds, DEFAULT_RETRY_AFTER_SECONDS);
    }

    public OverloadLimit {
        if (maxDelayMs < 0 || warmupMaxDelayMs < 0 || warmupSeconds < 0) {
            throw new IllegalArgumentException("overload limit: " + maxDelayMs + " ms, warm-up " + warmupMaxDelayMs
                    + " ms for " + warmupSeconds + " s (expected: all >= 0)");
        }
        if (retryAfterSeconds < 0 || retryAfterSeconds > 86_400) {
            throw new IllegalArgumentException("retryAfterSeconds: " + retryAfterSeconds + " (expected: 0-86400)");
        }
    }

    /** False when shedding by queue delay is off. */
    public boolean enabled() {
        return maxDelayMs > 0;
    }

    /** The threshold in force {@code sinceStartMs} after start, in milliseconds; 0 = off. */
    public long thresholdMs(long sinceStartMs) {
        if (maxDelayMs <= 0) {
            return 0;
        }
        return sinceStartMs < warmupSeconds * 1000L ? Math.max(maxDelayMs, warmupMaxDelayMs) : maxDelayMs;
    }
}

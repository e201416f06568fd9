package io.softswitch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Call engine capacity.
 *
 * @param maxCalls   live calls at most; beyond, new calls get {@code 503} + {@code Retry-After}
 * @param threads    engine threads (each call's events run in order on one of them); 0 = 2 per core
 * @param maxBacklog queued events per thread beyond which new calls are shed with {@code 503}
 * @param drain      ({@code drain_seconds}) on SIGTERM, calls in progress may go on this long before
 *                   they are hung up
 * @param maxQueueDelay ({@code max_queue_delay_ms}) overload threshold: while SIP messages or call
 *                   events wait longer than this to be handled, new calls get {@code 503} +
 *                   {@code Retry-After} at once (new INVITEs over UDP statelessly, before they are
 *                   parsed); zero = off
 * @param warmup     ({@code warmup_seconds}) for this long after start the JIT is still compiling the
 *                   call path and the switch is slower: the overload threshold is then
 *                   {@code warmupMaxQueueDelay}
 * @param warmupMaxQueueDelay ({@code warmup_max_queue_delay_ms}) the overload threshold during the
 *                   warm-up (never below {@code maxQueueDelay}): late calls are delayed, not refused
 * @param retryAfter ({@code retry_after}) the {@code Retry-After} of the 503s that refuse new calls
 */
public record CallsConfig(int maxCalls, int threads, int maxBacklog, Duration drain, Duration maxQueueDelay,
        Duration warmup, Duration warmupMaxQueueDelay, RetryAfterConfig retryAfter) {
    public CallsConfig {
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(warmupMaxQueueDelay, "warmupMaxQueueDelay");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public int effectiveThreads() {
        return threads > 0 ? threads : 2 * Runtime.getRuntime().availableProcessors();
    }
}

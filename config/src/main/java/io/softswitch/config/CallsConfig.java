package io.softswitch.config;

/**
 * Call engine capacity.
 *
 * @param maxCalls   live calls at most; beyond, new calls get {@code 503} + {@code Retry-After}
 * @param threads    engine threads (each call's events run in order on one of them); 0 = 2 per core
 * @param maxBacklog queued events per thread beyond which new calls are shed with {@code 503}
 * @param drainSeconds on SIGTERM, calls in progress may go on this long before they are hung up
 * @param maxQueueDelayMs overload threshold: while SIP messages or call events wait longer than
 *                   this to be handled, new calls get {@code 503} + {@code Retry-After} at once
 *                   (new INVITEs over UDP statelessly, before they are parsed); 0 = off
 * @param warmupSeconds for this long after start the JIT is still compiling the call path and the
 *                   switch is slower: the overload threshold is then {@code warmupMaxQueueDelayMs}
 * @param warmupMaxQueueDelayMs the overload threshold during the warm-up (never below
 *                   {@code maxQueueDelayMs}): late calls are delayed rather than refused
 */
public record CallsConfig(int maxCalls, int threads, int maxBacklog, int drainSeconds, int maxQueueDelayMs,
        int warmupSeconds, int warmupMaxQueueDelayMs) {
    public int effectiveThreads() {
        return threads > 0 ? threads : 2 * Runtime.getRuntime().availableProcessors();
    }
}

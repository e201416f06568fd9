package io.softswitch.config;

/**
 * Call engine capacity.
 *
 * @param maxCalls   live calls at most; beyond, new calls get {@code 503} + {@code Retry-After}
 * @param threads    engine threads (each call's events run in order on one of them); 0 = 2 per core
 * @param maxBacklog queued events per thread beyond which new calls are shed with {@code 503}
 * @param drainSeconds on SIGTERM, calls in progress may go on this long before they are hung up
 */
public record CallsConfig(int maxCalls, int threads, int maxBacklog, int drainSeconds) {
    public int effectiveThreads() {
        return threads > 0 ? threads : 2 * Runtime.getRuntime().availableProcessors();
    }
}

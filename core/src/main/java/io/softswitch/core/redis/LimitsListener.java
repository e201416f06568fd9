package io.softswitch.core.redis;

/**
 * What a {@link RedisCallLimiter} reports (metrics, {@code /ready}). Methods are called on the
 * limiter's timer thread or on a calling thread; they must return quickly and not throw.
 */
public interface LimitsListener {
    LimitsListener NONE = new LimitsListener() { };

    /** The limiter switched to {@code mode}; {@code reason} says why (for {@code /ready} and logs). */
    default void modeChanged(LimitsMode mode, String reason) {
    }

    /** A call was decided on this node's local share because Redis did not answer. */
    default void localAdmission() {
    }

    /** How long a call waited for Redis to decide its admission. */
    default void redisAdmission(long nanos) {
    }
}

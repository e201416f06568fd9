package io.softswitch.config;

/** What {@code sip.security.rate_limit_action} does with a request from a source over its limit. */
public enum RateLimitAction {
    /** Silence: the flooder learns nothing and spends its retransmissions. */
    DROP,
    /** {@code 503} with {@code Retry-After} (the time the block has left). */
    REJECT
}

package io.softswitch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code calls.retry_after}: the {@code Retry-After} (RFC 3261 §20.33, whole seconds) of each kind
 * of {@code 503} that refuses a new call, i.e. how long a PBX should leave the switch alone before
 * it tries again.
 *
 * @param overloaded  ({@code overloaded_seconds}) new calls shed for overload: beyond
 *                    {@code max_calls} or {@code max_backlog}, or while work waits longer than
 *                    {@code max_queue_delay_ms} (the engine's 503 and the SIP layer's stateless one)
 * @param draining    ({@code draining_seconds}) new calls refused during a graceful stop (SIGTERM)
 * @param unavailable ({@code unavailable_seconds}) a call refused for lack of resources (no free
 *                    relay ports)
 */
public record RetryAfterConfig(Duration overloaded, Duration draining, Duration unavailable) {
    /** The documented defaults: 1 s when overloaded (the backlog is worked off within a second), else 5 s. */
    public static final RetryAfterConfig DEFAULTS = new RetryAfterConfig(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(5));

    public RetryAfterConfig {
        Objects.requireNonNull(overloaded, "overloaded");
        Objects.requireNonNull(draining, "draining");
        Objects.requireNonNull(unavailable, "unavailable");
    }
}
